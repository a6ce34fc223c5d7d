"""Event rules (kg/mapper.py) on small invented German examples: modality of nominal triggers."""

from __future__ import annotations

import pytest

from kg.pipeline import analyse_text


def events(text: str):
    return analyse_text(text, "test.txt").facts.events


def modality_of(text: str, trigger: str) -> str:
    found = [e for e in events(text) if e.trigger == trigger]
    assert found, events(text)
    return found[0].modality


@pytest.mark.parametrize("text, trigger, modality", [
    # a nominal event inside a dass-clause under a demand verb is asked for, not reported as done
    ("Wir werden darauf drängen, dass das Urteil nicht vollstreckt wird, sondern eine Begnadigung von Erik Muster "
     "erfolgt, sagte die Ministerin.", "Begnadigung", "demanded"),
    # "nicht" right before the clause-final verb: it did not happen
    ("Das Treffen in Wien fand nicht statt.", "Treffen", "negated"),
    ("Erik Muster habe seine angedrohte Verfassungsklage gegen den Bund nicht eingereicht.", "Verfassungsklage",
     "negated"),
    # negation of an adjective is no negation of the event
    ("Das Gipfeltreffen in Rom war nicht erfolgreich.", "Gipfeltreffen", "asserted"),
])
def test_noun_modality(text, trigger, modality):
    assert modality_of(text, trigger) == modality


@pytest.mark.parametrize("text, topic", [
    ("Russland warf Polen daraufhin Vernachlässigung seiner Pflichten vor.", "Vernachlässigung seiner Pflichten"),
    ("Erik Muster wirft dem UNHRC regelmäßig Parteilichkeit vor.", "Parteilichkeit"),
    ("Staatsanwalt Erik Muster hat am Freitag am Bozner Landesgericht drei Jahre Haft für den Ex-Politiker gefordert.",
     "drei Jahre Haft für den Ex-Politiker"),
])
def test_topic_drops_leading_adverbs_and_prepositional_phrases(text, topic):
    assert topic in [e.topic for e in events(text)], events(text)
