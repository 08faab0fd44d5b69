"""A passage denying the claim's fact in its own words is a refutation; caveats and agreeing denials are not."""

from __future__ import annotations

import numpy as np
import pytest

from engine.matching.facts.extract import extract_facts
from engine.matching.facts.refutation import denies, find_refutation, keeps_distance, states_a_denial
from engine.matching.pairs import PairInput, judge_batch, judge_pairs
from engine.matching.types import Relation, Slot
from engine.models.embedder import load_embedder

# Real sentences from two outlets' coverage of the Managua crater (FNC-1 bodies, multi-outlet dev split).
METEORITE = "A small meteorite struck a wooded area near the Nicaraguan capital's airport on Saturday night."
DENIAL = "Managua explosion not a meteorite, NASA suggests"


def refutation(claim: str, passage: str) -> tuple[str, str, str] | None:
    found = find_refutation(extract_facts(claim), extract_facts(passage))
    return None if found is None else (found.slot, found.claim_value, found.passage_value)


def test_a_negation_of_a_word_the_claim_asserts_is_a_refutation() -> None:
    assert refutation(METEORITE, DENIAL) == (Slot.NEGATION, "meteorite", "not a meteorite")
    spider = "A young Australian man found that a tropical spider had burrowed under his skin."
    expert = "If you look at a spider, the fangs, the mouth parts they have, they are not able to burrow."
    assert refutation(spider, expert) == (Slot.NEGATION, "burrowed", "not able to burrow")
    # The phrase shown runs to the denied word, auxiliaries included.
    bale = refutation("Christian Bale will star as Steve Jobs.", "Christian Bale will not be starring as Steve Jobs.")
    assert bale == (Slot.NEGATION, "star", "not be starring")


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        # Emergent headlines (train split): death hoaxes denied in other words than they were told.
        (
            "ISIS leader Abu Bakr al-Baghdadi was killed by an U.S. airstrike",
            "Islamic State Leader al-Baghdadi Not Dead",
            ("killed", "Not Dead"),
        ),
        (
            "Macaulay Culkin is dead",
            "Macaulay Culkin Hasn't Died Despite What Everyone Is Saying",
            ("dead", "Hasn't Died"),
        ),
    ],
)
def test_a_denied_death_denies_a_death_told_in_other_words(claim: str, passage: str, expected: tuple[str, str]) -> None:
    assert refutation(claim, passage) == (Slot.NEGATION, *expected)


def test_alive_denies_a_death_but_not_as_the_manner_of_a_killing() -> None:
    # Emergent headlines (train split).
    hefner = refutation("Playboy founder Hugh Hefner is dead", "Relax ladies, Hugh Hefner is alive and kicking")
    assert hefner == (Slot.NEGATION, "dead", "is alive")
    rehana = refutation("Kurdish fighter Rehana was killed by ISIS", "Female Kurdish Fighter Rehana is Alive")
    assert rehana == (Slot.NEGATION, "killed", "is Alive")
    # FNC-1 (multi-outlet train): the pilot's death told, not denied.
    claim = "Jordan's King Abdullah cut short a visit after the pilot was killed."
    assert refutation(claim, "The king heard the news that Moaz al-Kasasbeh was burned alive.") is None
    assert refutation(claim, "Officials fear the pilot is no longer alive.") is None
    assert refutation("The singer was arrested in Paris.", "The singer is alive and well.") is None
    assert refutation("Kurdish fighter Rehana was killed by ISIS", "Is Kurdish fighter Rehana still alive?") is None


def test_a_death_word_is_not_any_word() -> None:
    # Only the forms of a death stand for each other: a denied arrest is no denied death.
    assert refutation("The singer is dead, his label said.", "The singer was not arrested, police said.") is None


def test_calling_the_report_a_hoax_is_a_refutation() -> None:
    claim = "A Catholic priest was officially dead for 48 minutes before medics restarted his heart."
    passage = "A supposed Catholic priest's claims of seeing God as a woman are being described as a hoax."
    # The whole report is called untrue: the reviewer is shown the claim's opening words against the verdict.
    assert refutation(claim, passage) == (Slot.NEGATION, "A Catholic priest was officially dead…", "as a hoax")


def test_reporting_caveats_and_changes_over_time_are_not_refutations() -> None:
    assert refutation(METEORITE, "Police did not immediately comment on the meteorite.") is None
    assert refutation("Christian Bale will star as Steve Jobs.", "Bale will no longer be playing Steve Jobs.") is None
    # A denial of something the claim does not state is no denial of the claim.
    assert refutation(METEORITE, "The students have not been seen since.") is None


PRIEST = "A Catholic priest from Massachusetts was officially dead for more than 48 minutes."
TESSEL = "The MPA reported that the Tessel rose more than 4 metres above its normal level within a few hours."


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        pytest.param(
            "The City of London Police say Banksy's real name is Paul Horner, a 35-year old male born in Liverpool.",
            "According to the highly refutable website National Report, a 'news' website consisting entirely of fake "
            "stories, the artist was arrested by Metropolitan Police at his studio.",
            id="a-refuting-word-describing-another-thing",
        ),
        pytest.param(
            "Rep. Duncan Hunter said Border Patrol agents have captured 'at least 10 ISIS fighters' trying to enter.",
            "No government agency confirms anything remotely close to the idea that at least 10 ISIS fighters have "
            "been caught coming across the Mexican border.",
            id="nobody-confirming-the-claim",
        ),
        # Two "Contradicts" cards the demo corpus showed with refutations on: a paraphrase and an aside.
        pytest.param(
            "More rain is forecast for Sunday, and CEMA has urged evacuated residents to stay away from their homes.",
            "More rain is expected on Sunday, and CEMA has told residents not to go back to evacuated homes.",
            id="an-instruction",
        ),
        pytest.param(TESSEL, '"We have never seen the Tessel rise this fast," Saal said.', id="a-negated-perception"),
    ],
)
def test_what_does_not_deny_the_claims_fact_is_not_a_refutation(claim: str, passage: str) -> None:
    # Real wording from the multi-outlet dev split and the demo corpus.
    assert refutation(claim, passage) is None


def test_a_refuting_word_standing_alone_or_a_plain_denial_still_is_one() -> None:
    assert refutation(PRIEST, "That Story About a Priest Dying? It's Almost Definitely Fake") is not None
    assert refutation(PRIEST, "The fake priest's story spread quickly.") is not None
    assert refutation(TESSEL, "The Tessel did not rise above its normal level, the MPA said.") is not None


def test_a_passage_denying_what_the_claim_reports_as_withdrawn_agrees_with_it() -> None:
    claim = "Welsh actor Christian Bale has withdrawn from the role of Steve Jobs in a forthcoming biopic."
    assert refutation(claim, "Christian Bale will not be starring as Steve Jobs in the biopic.") is None
    assert refutation("Priest claim of seeing God as a woman dismissed as hoax", "It was not a hoax.") is None


@pytest.mark.slow
def test_a_refutation_lets_the_models_clash_show_only_when_the_desk_turns_it_on() -> None:
    claim_vector, passage_vector = load_embedder().encode([METEORITE, DENIAL])
    pair = PairInput(METEORITE, DENIAL, float(np.dot(claim_vector, passage_vector)), same_event=True)
    [plain] = judge_batch([pair], refutations=False)
    [refuting] = judge_batch([pair], refutations=True)
    assert plain.relation == Relation.RELATED
    assert refuting.relation == Relation.CONTRADICTS
    assert [(d.slot, d.claim_value, d.passage_value) for d in refuting.differences] == [
        (Slot.NEGATION, "meteorite", "not a meteorite")
    ]


@pytest.mark.slow
def test_a_clash_the_model_decides_alone_shows_the_denial_as_its_reason() -> None:
    # Two outlets on the Guerrero graves (FNC-1, multi-outlet dev split): the model alone is sure of this clash, so
    # the decision does not need the refutation, but it is what the reviewer is shown as the reason.
    claim = (
        "On Saturday, the burned bodies of 28 people, believed to be missing student protesters, were found in a mass "
        "grave just outside the city center."
    )
    passage = "Missing Mexico students not among 28 bodies found in mass grave"
    claim_vector, passage_vector = load_embedder().encode([claim, passage])
    pair = PairInput(claim, passage, float(np.dot(claim_vector, passage_vector)), same_event=True)
    [judged] = judge_batch([pair], refutations=False)
    assert judged.relation == Relation.CONTRADICTS
    assert [(d.slot, d.claim_value, d.passage_value) for d in judged.differences] == [
        (Slot.NEGATION, "bodies", "not among 28 bodies")
    ]


# Real sentences from the Gaza floods coverage (FNC-1 bodies, multi-outlet train split): a claim that itself denies.
NO_DAMS = "In fact, there are no dams in southern Israel and the flooding was caused by rain and drainage issues."


@pytest.mark.parametrize(
    "passage",
    [
        "Israel denies causing Gaza floods by opening dams",  # a denial too: two denials agree
        "Sometime on Saturday, a video popped up on YouTube purporting to show a bird defecating on Putin.",
        "A video shared online made it seem as if Vladimir Putin got some unwelcome love from a feathered friend.",
        "The priest claims he went to heaven and met God.",
        "That Story About a Catholic Priest Dying and Coming Back to Life?",
        "News sites fall for Putin bird-dropping video",
    ],
)
def test_a_passage_that_denies_or_relays_at_a_distance_keeps_its_distance(passage: str) -> None:
    assert keeps_distance(extract_facts(passage))


def test_a_passage_asserting_the_story_does_not_keep_its_distance() -> None:
    assert not keeps_distance(extract_facts("Hundreds of Palestinians flee floods in Gaza as Israel opens dams"))
    assert not keeps_distance(extract_facts("A bird defecated on Putin during his speech, as shown in the footage."))
    # A reporting verb is attribution, not distance: "said" vouches for the source's words.
    assert not keeps_distance(extract_facts("Israel opened the dams on Sunday, officials said."))


def test_a_claim_that_negates_reverses_or_debunks_denies() -> None:
    assert denies(extract_facts(NO_DAMS))
    assert denies(extract_facts("The video of a bird pooping on Vladimir Putin is a hoax"))
    assert denies(extract_facts("Christian Bale has withdrawn from the role."))
    assert not denies(extract_facts("Israel opens dams, floods Gaza"))


@pytest.mark.slow
def test_a_denial_is_not_shown_as_contradicted_by_a_report_that_denies_too() -> None:
    denying = "Israel denies causing Gaza floods by opening dams"
    asserting = "Hundreds of Palestinians flee floods in Gaza as Israel opens dams"
    vectors = load_embedder().encode([NO_DAMS, denying, asserting])
    pairs = [
        PairInput(NO_DAMS, passage, float(np.dot(vectors[0], vector)), same_event=True)
        for passage, vector in ((denying, vectors[1]), (asserting, vectors[2]))
    ]
    agreeing, clashing = judge_batch(pairs)
    # The model reads both as clashes with the claim; only the report asserting the opened dams is one.
    assert agreeing.probabilities is not None and agreeing.probabilities["contradicts"] >= 0.80
    assert agreeing.relation != Relation.CONTRADICTS
    assert clashing.relation == Relation.CONTRADICTS


# Real sentences from the Banksy and Rosenberg coverage (FNC-1 bodies and headlines, multi-outlet dev split).
BANKSY_ARRESTED = "The elusive graffiti artist Banksy was arrested early this morning by London's Metropolitan Police."
ROSENBERG_CAPTURED = "Gill Rosenberg, 31, was captured by jihadists near the flashpoint city of Kobani, reports said."


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        (
            BANKSY_ARRESTED,
            "The London Metropolitan Police has denied reports that street artist Banksy has been arrested on Monday.",
            ("arrested", "denied reports that street artist Banksy has been arrested"),
        ),
        (
            ROSENBERG_CAPTURED,
            "Kurds Deny Gill Rosenberg was in Kobane",
            ("kobani", "Deny Gill Rosenberg was in Kobane"),
        ),
        # "baseless" describes the denied claims; only a verdict noun ("denied it was a hoax") turns a denial round.
        (
            BANKSY_ARRESTED,
            "Police denied the baseless claims that the artist had been arrested.",
            ("arrested", "denied the baseless claims that the artist had been arrested"),
        ),
    ],
)
def test_a_denial_verb_denies_the_clause_it_takes(claim: str, passage: str, expected: tuple[str, str]) -> None:
    # The reviewer reads the denied statement up to the furthest word the claim asserts.
    assert refutation(claim, passage) == (Slot.NEGATION, *expected)


def test_a_denial_verb_denying_a_hoax_or_nothing_the_claim_says_is_no_refutation() -> None:
    claim = "A planetary alignment on January 4 will decrease gravity for five minutes."
    # Denying a rumour called bogus denies the story; denying that it was a hoax asserts it.
    assert refutation(claim, "NASA denies the bogus rumour about the alignment") == (
        Slot.NEGATION,
        "alignment",
        "denies the bogus rumour about the alignment",
    )
    assert refutation(claim, "The astronomer denied the alignment story was a hoax.") is None
    assert refutation(claim, "The minister denied wrongdoing in the procurement case.") is None


def test_a_claim_states_a_denial_by_a_verdict_or_an_opening_negation_not_a_describing_clause() -> None:
    assert states_a_denial(extract_facts("The video of a bird pooping on Vladimir Putin is a hoax"))
    assert states_a_denial(extract_facts(NO_DAMS))
    assert states_a_denial(extract_facts("Sorry, KFC isn't going to be selling weed in Colorado restaurants"))
    # Emergent's rumour: the negation describes the panel; the claim asserts that the panel was planned.
    espn = "ESPN planned a special domestic violence panel that didn't include any women"
    assert not states_a_denial(extract_facts(espn))


@pytest.mark.parametrize(
    ("passage", "called"),
    [
        ("Hugh Hefner Dead Rumors Not True", "Dead Rumors Not True"),
        ("That ESPN Domestic Violence Panel You Keep Hearing About Isn't Real", "Hearing About Isn't Real"),
        ("NHL Expansion Plan Report Is Complete Fabrication: Bettman", "Is Complete Fabrication"),
        ("EXCLUSIVE: New York Mag's Boy Genius Investor Made It All Up", "Made It All Up"),
        # A story traced to a fake or satirical source.
        ("Fake-News Report Claims Michael Jackson Is Father Of Bruno Mars", "Fake-News"),
        ("Satirical news site attacks China's weird English names", "Satirical news site"),
        # The outlet or platform named between the verdict and its noun; an account as the source.
        ("Fake Fox News Website Reports Judd Nelson's Death for Some Reason", "Fake Fox News Website"),
        ("Lisa Bonet Tweet About Bill Cosby Sent From Fake Account, Manager Confirms", "Fake Account"),
    ],
)
def test_a_verdict_in_other_words_calls_the_report_untrue(passage: str, called: str) -> None:
    # Emergent headlines (train split) against rumours.
    claim = "The report says the founder died on Saturday."
    assert refutation(claim, passage) == (Slot.NEGATION, "The report says the founder died…", called)


def test_a_fake_source_needs_its_noun_close_to_the_verdict() -> None:
    claim = "The report says the founder died on Saturday."
    # Four words between "fake" and "site": the verdict is on something else.
    assert refutation(claim, "Fake smiles at the charity gala on the site of the old mill.") is None


def test_made_up_of_parts_and_a_doctored_photo_of_something_else_are_no_verdicts() -> None:
    claim = "The council approved the budget on Monday."
    assert refutation(claim, "The council is made up of twelve members.") is None
    assert refutation(claim, "A doctored photo circulated on social media.") is None


def test_fake_stories_on_a_website_are_not_a_verdict_on_the_claim() -> None:
    claim = "Michael Jackson is the biological father of Bruno Mars."
    assert refutation(claim, "The website consists entirely of fake stories about celebrities.") is None


# Real sentences from the Banksy arrest hoax coverage (FNC-1 bodies, multi-outlet dev split).
PRESS_CONFERENCE = (
    "London Police Chief Lyndon Edwards held a press conference to answer questions about Banksy and how Horner was "
    "finally apprehended after all these years on the run."
)


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("– London Police Chief Lyndon Edwards doesn't exist.", ("edwards", "Edwards doesn't exist")),
        ("Lyndon Edwards does not exist, the Met said.", ("edwards", "Edwards does not exist")),
        ("The press conference never existed.", ("conference", "conference never existed")),
    ],
)
def test_a_negated_exist_denies_the_name_before_it(passage: str, expected: tuple[str, str]) -> None:
    assert refutation(PRESS_CONFERENCE, passage) == (Slot.NEGATION, *expected)


def test_a_negated_exist_of_something_the_claim_does_not_name_is_no_refutation() -> None:
    assert refutation(PRESS_CONFERENCE, "Such press officers do not exist in the City of London force.") is None
    assert refutation(PRESS_CONFERENCE, "The man who does not exist was there.") is None


def test_not_the_first_is_an_idiom_not_a_denial() -> None:
    # Gill Rosenberg coverage (FNC-1, multi-outlet dev split): the passage confirms the conviction.
    claim = "Rosenberg was later convicted of the crime and sentenced to four years in a US prison."
    assert refutation(claim, "This is not Rosenberg's first tryst with adventurism.") is None
    assert refutation(claim, "It is not the first time Rosenberg was sentenced.") is None
    assert refutation(claim, "Rosenberg was not convicted, her lawyer said.") == (
        Slot.NEGATION,
        "convicted",
        "not convicted",
    )


def test_a_claim_with_a_denial_verb_or_calling_its_story_a_spoof_is_itself_a_denial() -> None:
    # ISIS border claim coverage (FNC-1, multi-outlet dev split): two denials agree.
    refuted = (
        "On October 8, DHS spokesperson Marsha Catron refuted the rumor that Islamic State terrorists had crossed."
    )
    dhs = "The suggestion that individuals who have ties to ISIL have been apprehended is categorically false."
    assert refutation(refuted, dhs) is None
    assert states_a_denial(extract_facts(refuted))
    spoof = "The quotes date back to an identical spoof in February last year, which claimed Banksy had been arrested."
    assert (
        refutation(spoof, "A fake press release claimed Banksy has been arrested; Jezebel published the hoax.") is None
    )


@pytest.mark.slow
def test_a_passage_that_denies_the_claim_is_never_shown_as_confirming_it() -> None:
    # The model leans to support (p(supports) ~0.39 over the 0.20 cut) and its clash stays under the rule-backed
    # cut: without the veto the reviewer was shown this denial as a confirmation.
    claim = "The City of London Police say Banksy's real name is Paul Horner, a 35-year old male born in Liverpool."
    passage = "His name is not and never will be Paul Horner."
    claim_vector, passage_vector = load_embedder().encode([claim, passage])
    pair = PairInput(claim, passage, float(np.dot(claim_vector, passage_vector)), same_event=True)
    [judged] = judge_batch([pair])
    assert judged.relation in (Relation.RELATED, Relation.CONTRADICTS)
    assert [(d.slot, d.claim_value) for d in judged.differences] == [(Slot.NEGATION, "paul")]


def test_a_negation_before_a_figure_or_a_year_is_a_bound_not_a_denial() -> None:
    # The bundled demo's bridge repair, reported a year apart: the same fact, not a denial of "2027".
    claim = "The town council put the repair bill at about 4 million crowns and pushed the work back to 2027."
    passage = "Repairs had been costed at about 4 million crowns and were not expected to begin before 2027."
    assert refutation(claim, passage) is None


@pytest.mark.parametrize(
    ("claim", "passage", "called"),
    [
        # Real sentences (FNC-1 bodies, multi-outlet train split).
        (
            "Sandoval had previously faced disciplinary hearings at her school over inappropriate relationships.",
            "It was also falsely reported that the 'teacher' has several times faced disciplinary hearings.",
            "also falsely reported",
        ),
        (
            "JORDANIAN KING PERSONALLY FLYING SORTIES AGAINST ISIS",
            "Others used an old picture of the King on the cockpit of a plane to wrongly suggest he had flown.",
            "to wrongly suggest",
        ),
        ("Israel opens dams, floods Gaza", "The lie is this: that flooding in Gaza was caused by Israel.", "The lie"),
    ],
)
def test_saying_a_report_was_false_or_a_lie_calls_it_untrue(claim: str, passage: str, called: str) -> None:
    found = refutation(claim, passage)
    assert found is not None
    assert found[2] == called


def test_lies_as_a_verb_a_mistaken_act_and_a_denied_lie_are_no_verdicts() -> None:
    dams = "Israel opens dams, floods Gaza"
    assert refutation(dams, "The village lies in the south of Gaza, near the dams.") is None
    assert refutation(dams, "Israel denied that the report about the dams was a lie.") is None
    strike = "A drone strike hit a wedding party near the town."
    assert refutation(strike, "The drone mistakenly struck a wedding party, officials said.") is None
    # A claim that calls its own story false is itself a denial: another denial agrees with it.
    called_false = "It was falsely reported that Israel opened dams."
    assert refutation(called_false, "The lie is this: Israel opened dams.") is None


# Emergent train claims and headlines: far apart in wording, so the screen used to drop them unread.
BANKSY_CARTOON = "Artist Banksy drew a cartoon about the Charlie Hebdo murders"
NHL = "The NHL will announce an expansion to Las Vegas in 2014"


@pytest.mark.slow
def test_a_verdict_on_the_story_is_read_however_far_its_wording() -> None:
    [judged] = judge_pairs([(BANKSY_CARTOON, "A Bogus Banksy")])
    assert judged.relation == Relation.CONTRADICTS
    assert [(d.slot, d.passage_value) for d in judged.differences] == [(Slot.NEGATION, "A Bogus")]
    # With refutations off nothing backs such a clash, so the screen drops the pair as before.
    [plain] = judge_pairs([(BANKSY_CARTOON, "A Bogus Banksy")], refutations=False)
    assert plain.relation is None


@pytest.mark.slow
def test_a_far_verdict_is_a_clash_or_nothing_and_needs_a_shared_word() -> None:
    # Read for its verdict, but the model's clash stays under the rule-backed cut: no related card on that account.
    [fabrication, other_story] = judge_pairs(
        [
            (NHL, "NHL Expansion Plan Report Is Complete Fabrication: Bettman"),
            (NHL, "The recipe is a hoax, the chef says."),
        ]
    )
    assert fabrication.relation is None
    assert fabrication.probabilities is not None  # the model read it
    assert other_story.relation is None
    assert other_story.probabilities is None  # nothing shared: never read


def test_the_denied_claim_word_is_the_first_in_the_claim_whatever_the_hash_seed() -> None:
    # Both "educational" and "education" share the stem of "educating": the reason shown must not depend on the
    # order of a set (it did: PYTHONHASHSEED decided which one the reviewer saw).
    claim = "He blamed educational institutions for the poor education of children."
    assert refutation(claim, "The schools are not educating the children, parents said.") == (
        Slot.NEGATION,
        "educational",
        "not educating",
    )


@pytest.mark.parametrize(
    ("claim", "passage", "called"),
    [
        # Emergent headlines (train split) against rumours: a rumour killed or put to rest is called untrue.
        (
            "The Batmobile was stolen",
            "Zack Snyder Kills Stolen Batmobile Rumor With Great Photo",
            "Kills Stolen Batmobile Rumor",
        ),
        ("The Batmobile was stolen", "Dawn Of Justice Stolen Batmobile Rumor Put To Rest", "Rumor Put To Rest"),
        (
            "ISIS fighters were caught trying to enter the U.S. via the U.S.-Mexico border",
            "Officials shoot down congressman's claims ISIS terrorists are running across US-Mexico border",
            "shoot down congressman's claims",
        ),
        ("Apple will launch a car in 2020", "Apple quashes reports of a car launch", "quashes reports"),
    ],
)
def test_a_rumour_killed_quashed_or_put_to_rest_is_a_report_called_untrue(
    claim: str, passage: str, called: str
) -> None:
    found = refutation(claim, passage)

    assert found is not None and found[0] == Slot.NEGATION and found[2] == called


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # Literal killing and shooting next to "claims", and a burial next to "reports", end no rumour.
        ("ISIS executed three hostages in Syria", "ISIS kills three hostages, claims responsibility"),
        ("Ukraine downed a Russian jet", "Ukraine shot down a plane, claims Kyiv"),
        ("Russia says Ukraine downed two drones", "Russia claims Ukraine shot down two drones"),
        ("Three people died in the fire", "The victims were laid to rest, reports said"),
        # A court dismissing claims ends a lawsuit, not a report.
        ("The company misled investors", "The judge dismissed the claims against the company"),
    ],
)
def test_literal_killing_shooting_burial_and_a_dismissed_lawsuit_end_no_rumour(claim: str, passage: str) -> None:
    assert refutation(claim, passage) is None
