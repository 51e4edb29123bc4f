"""Entity links across articles on both backends: written once, unchanged by a rerun, gone with
the article that supported them, overridden by curation (real model for the builds)."""

from __future__ import annotations

import pytest

from graphbuild.graph import to_rows
from graphbuild.model import Article, Entity, Extraction, QueryError, entity_key
from graphbuild.pipeline import build, refresh
from graphbuild.resolve import resolve

ANA = "Ana Ruiz, Chile's finance minister, said on Monday that the budget deal was done.\n"
RUIZ = "The talks will go on, Ruiz told reporters in Santiago on Friday.\n"


def _x(aid: str, name: str) -> Extraction:
    a = Article(id=aid, source=f"{aid}.txt", title=aid, text=f"{name} spoke.", content_hash=aid)
    return Extraction(article=a, entities=[Entity(key=entity_key("Person", name), label="Person", name=name, count=1)])


def _links(store) -> set[tuple[str, str, str]]:
    return {(e["src"], e["type"], e["dst"]) for t in ("SAME_AS", "POSSIBLY_SAME") for e in store.edges(t)}


def test_links_are_replaced_as_a_set_and_go_with_their_nodes(any_store) -> None:
    st = any_store
    st.write([to_rows(_x("art_1", "Ana Ruiz")), to_rows(_x("art_2", "Ruiz"))])
    links = resolve(st.entity_infos())
    assert st.replace_links(["SAME_AS", "POSSIBLY_SAME"], links) == 1
    assert _links(st) == {("Person:ruiz", "SAME_AS", "Person:ana ruiz")}
    assert st.replace_links(["SAME_AS", "POSSIBLY_SAME"], resolve(st.entity_infos())) == 0  # nothing to write
    st.delete_article("art_1")
    assert _links(st) == set()  # the canonical node went, and its links with it
    assert st.replace_links(["SAME_AS", "POSSIBLY_SAME"], resolve(st.entity_infos())) == 0


def test_a_build_links_a_surname_to_the_full_name_of_another_article(any_store, nlp, tmp_path) -> None:
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text(ANA, encoding="utf-8")
    (src / "b.txt").write_text(RUIZ, encoding="utf-8")
    report = build([src], any_store, nlp=nlp)
    assert report.ok and report.links_changed == 1
    assert _links(any_store) == {("Person:ruiz", "SAME_AS", "Person:ana ruiz")}
    again = build([src], any_store, nlp=nlp)
    assert again.skipped == 2 and again.links_changed == 0
    (src / "a.txt").unlink()  # the only article naming Ana Ruiz in full is retracted
    gone = refresh([src], any_store, nlp=nlp)
    assert [c.source for c in gone.changes.retracted] == [str(src / "a.txt")]
    assert _links(any_store) == set()
    assert any_store.node("Person:ruiz") is not None and any_store.node("Person:ana ruiz") is None


def test_curation_keeps_a_surname_apart(any_store, nlp, tmp_path) -> None:
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text(ANA, encoding="utf-8")
    (src / "b.txt").write_text(RUIZ, encoding="utf-8")
    cur = tmp_path / "curation.toml"
    cur.write_text('[[not_same_as]]\nentity = "Person:Ana Ruiz"\nname = "Ruiz"\n', encoding="utf-8")
    build([src], any_store, nlp=nlp, curation=cur)
    assert _links(any_store) == set()


FINANCE = {
    "a.txt": "Chilean Finance Minister Ana Ruiz said on Monday that the budget deal was done.\n",
    "b.txt": "The Chilean finance minister said on Tuesday that the talks would go on.\n",
    "c.txt": "The finance minister said that taxes would rise.\n",
}


def test_a_title_is_attributed_to_the_holder_other_articles_name(any_store, nlp, tmp_path) -> None:
    """"The Chilean finance minister said …" in an article naming nobody is Ana Ruiz's statement
    when other articles say she holds that role; a title naming no country stays unresolved;
    a second holder of the role makes it ambiguous, and the attribution goes."""
    import graphbuild as gb

    src = tmp_path / "news"
    src.mkdir()
    for name, text in FINANCE.items():
        (src / name).write_text(text, encoding="utf-8")
    assert build([src], any_store, nlp=nlp).ok
    rows = {q.text: q for q in gb.quotes(any_store, speaker="Ana Ruiz")}
    assert set(rows) == {"the budget deal was done", "the talks would go on"}
    held = rows["the talks would go on"]
    assert held.speaker is not None and held.speaker.name == "Ana Ruiz"
    assert held.speaker_role == "Finance Minister" and held.speaker_mention == "The Chilean finance minister"
    assert rows["the budget deal was done"].speaker_role is None  # named in its own article
    (bare,) = [q for q in gb.quotes(any_store) if q.text == "taxes would rise"]
    assert bare.speaker is None  # "the finance minister": which country's? never guessed
    assert gb.profile(any_store, "Ana Ruiz").statements_by == 2
    (src / "d.txt").write_text("Chilean Finance Minister Pablo Soto said on Friday that the budget was late.\n", encoding="utf-8")
    refresh([src], any_store, nlp=nlp)
    assert {q.text for q in gb.quotes(any_store, speaker="Ana Ruiz")} == {"the budget deal was done"}
    assert gb.profile(any_store, "Ana Ruiz").statements_by == 1


def test_an_unchanged_corpus_gives_the_same_graph_bytes(nlp, tmp_path) -> None:
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text(ANA, encoding="utf-8")
    (src / "b.txt").write_text(RUIZ, encoding="utf-8")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    build([src / "b.txt", src / "a.txt"], str(one), nlp=nlp)
    build([src / "a.txt", src / "b.txt"], str(two), nlp=nlp)
    assert one.read_bytes() == two.read_bytes()
    before = one.stat().st_mtime_ns
    build([src], str(one), nlp=nlp)
    assert one.stat().st_mtime_ns == before  # nothing changed, nothing written


def _says(aid: str, speakers: list[str], about: str = "Chile") -> Extraction:
    """An article where each speaker says one thing about `about`."""
    from graphbuild.model import Statement, statement_id

    text = " ".join(f"{p} said {about} was ready." for p in speakers)
    a = Article(id=aid, source=f"{aid}.txt", title=aid, text=text, content_hash=aid, published=f"2024-01-0{aid[-1]}")
    ck = entity_key("Country", about)
    ents = [Entity(key=entity_key("Person", p), label="Person", name=p, count=1) for p in speakers]
    ents.append(Entity(key=ck, label="Country", name=about, count=len(speakers)))
    stmts, pos = [], 0
    for p in speakers:
        start = text.index(f"{about} was ready", pos)
        pos = start + 1
        stmts.append(Statement(id=statement_id(aid, start, start + 5), article=aid, kind="indirect", cue="said",
                               text=f"{about} was ready", content=[(start, start + len(about) + 10)], speaker=entity_key("Person", p),
                               speaker_name=p, speaker_mention=p, evidence=text, evidence_span=(0, len(text)), confidence=0.8,
                               mentions=[ck]))
    return Extraction(article=a, entities=ents, statements=stmts, extractor="test")


def _answers(store) -> dict:
    from graphbuild.model import QuoteQuery

    r = store.reader
    out = {"find": [e.model_dump() for e in r.find("Ruiz")]}
    for who in ("Ruiz", "Hillary Clinton", "Clinton"):
        out[f"quotes {who}"] = r.quotes(QuoteQuery(speaker=who)).model_dump()
    out["about"] = r.quotes(QuoteQuery(about="Chile")).model_dump()
    out["speakers"] = [s.model_dump() for s in r.speakers_about("Chile")[1]]
    out["profile"] = r.profile("Ana Ruiz").model_dump()
    out["comentions"] = [c.model_dump() for c in r.comentions("Ruiz", None)[1]]
    return out


def test_queries_follow_links_the_same_way_on_both_backends(any_store, tmp_path) -> None:
    from graphbuild.store import NetworkXStore

    batch = [to_rows(_says("art_1", ["Hillary Clinton", "Bill Clinton", "Ana Ruiz"])),
             to_rows(_says("art_2", ["Clinton", "Ruiz"])), to_rows(_says("art_3", ["Ruiz", "Hillary Rodham Clinton"]))]
    ref = NetworkXStore(tmp_path / "ref.json")
    for st in (any_store, ref):
        st.write(batch)
        st.replace_links(["SAME_AS", "POSSIBLY_SAME"], resolve(st.entity_infos()))
    got = _answers(any_store)
    assert got == _answers(ref)
    assert [e["key"] for e in got["find"]] == ["Person:ana ruiz"]  # the variant answers as its entity
    ruiz = got["quotes Ruiz"]
    assert ruiz["speaker"]["key"] == "Person:ana ruiz" and len(ruiz["rows"]) == 3
    assert {row["speaker"]["key"] for row in ruiz["rows"]} == {"Person:ana ruiz"}
    assert {row["speaker_mention"] for row in ruiz["rows"]} == {"Ana Ruiz", "Ruiz"}
    hillary = got["quotes Hillary Clinton"]
    assert len(hillary["rows"]) == 2  # her own and "Hillary Rodham Clinton"'s
    assert [(a["entity"]["name"], a["statements"], [c["name"] for c in a["candidates"]]) for a in hillary["ambiguous"]] == [
        ("Clinton", 1, ["Bill Clinton", "Hillary Clinton"])]
    assert got["quotes Clinton"]["speaker"]["key"] == "Person:clinton"  # the ambiguous name stays itself
    speakers = {s["speaker"]["name"]: s["statements"] for s in got["speakers"]}
    assert speakers == {"Ana Ruiz": 3, "Hillary Clinton": 2, "Bill Clinton": 1, "Clinton": 1}
    prof = got["profile"]
    assert [v["key"] for v in prof["variants"]] == ["Person:ruiz"] and prof["statements_by"] == 3 and "Ruiz" in prof["aliases"]
    assert len(prof["articles"]) == 3


STORY = ("Ana Ruiz said the budget deal was done after three weeks of talks with the unions and the regional "
         "governments, and that the new station would be finished by 2030 whatever the committee decides. ")


def _story(aid: str, quote: str, published: str, outlet: str, extra: str = "") -> Extraction:
    from graphbuild.model import Statement, statement_id

    text = f"{aid} title\n\n{STORY}{extra}“{quote},” Ruiz said."
    a = Article(id=aid, source=f"{aid}.txt", title=f"{aid} title", text=text, content_hash=aid, published=published, outlet=outlet)
    start = text.index(quote)
    sk = entity_key("Person", "Ana Ruiz")
    st = Statement(id=statement_id(aid, start, start + len(quote)), article=aid, kind="direct", cue="said", text=quote,
                   content=[(start, start + len(quote))], speaker=sk, speaker_name="Ana Ruiz", speaker_mention="Ruiz",
                   evidence=text, evidence_span=(0, len(text)), confidence=0.9)
    return Extraction(article=a, entities=[Entity(key=sk, label="Person", name="Ana Ruiz", aliases=["Ruiz"], count=2)],
                      statements=[st], extractor="test")


QUOTE = "We will finish the new station by 2030, whatever the budget committee decides next year"


def test_claims_and_republications_on_both_backends(any_store, tmp_path) -> None:
    from graphbuild import query as q
    from graphbuild.pipeline.links import update_links
    from graphbuild.store import NetworkXStore

    batch = [to_rows(_story("art_1", QUOTE, "2024-03-01", "Wire")),
             to_rows(_story("art_2", QUOTE, "2024-03-02", "Daily Post", extra="Read more on our site. ")),
             to_rows(_story("art_3", "We will finish the new station by 2030", "2024-03-03", "Evening News",
                            extra=" ".join(f"Other news item {i} about the weather and sport." for i in range(40)) + " ")),
             to_rows(_story("art_4", "The station will be completed in 2030 no matter what the committee says", "2024-03-04", "Gazette"))]
    ref = NetworkXStore(tmp_path / "ref.json")
    for st in (any_store, ref):
        st.write(batch)
        update_links(st)

    def answers(st) -> dict:
        return {"claims": [c.model_dump() for c in q.claims(st)], "of ruiz": [c.model_dump() for c in q.claims(st, speaker="Ruiz")],
                "of art_4": [c.model_dump() for c in q.claims(st, statement=batch[3].nodes[-1].key)],
                "republished": [r.model_dump() for r in q.republications(st)], "by wire": [r.model_dump() for r in q.republications(st, outlet="Wire")]}

    got = answers(any_store)
    assert got == answers(ref)
    [claim] = q.claims(any_store)
    assert [(o.outlet, o.change) for o in claim.occurrences] == [("Wire", None), ("Daily Post", "identical"), ("Evening News", "trimmed")]
    assert claim.speaker is not None and claim.speaker.name == "Ana Ruiz"
    assert claim.occurrences[2].removed == "whatever the budget committee decides next year"
    assert [len(c["occurrences"]) for c in got["of art_4"]] == [1]  # the paraphrase is a claim of its own
    assert [(r["article"]["outlet"], r["original"]["outlet"]) for r in got["republished"]] == [("Daily Post", "Wire")]
    assert got["by wire"] == got["republished"]
    with pytest.raises(QueryError, match="no statement with id"):
        q.claims(any_store, statement="q_nope")
    # Retracting the first report: the claim is now first seen in the Daily Post, nothing dangles.
    for st in (any_store, ref):
        st.delete_article("art_1")
        update_links(st)
    [claim] = q.claims(any_store)
    assert [o.outlet for o in claim.occurrences] == ["Daily Post", "Evening News"]
    assert q.republications(any_store) == []
    assert answers(any_store) == answers(ref)


def test_the_framing_filter_on_both_backends(any_store, tmp_path) -> None:
    from graphbuild import query as q
    from graphbuild.store import NetworkXStore

    denial = _story("art_1", QUOTE, "2024-03-01", "Wire")
    denial.statements[0] = denial.statements[0].model_copy(update={"framing": "denial", "hedged": True})
    batch = [to_rows(denial), to_rows(_story("art_2", "The station will be completed in 2030 no matter what", "2024-03-02", "Gazette"))]
    ref = NetworkXStore(tmp_path / "ref.json")
    for st in (any_store, ref):
        st.write(batch)
    rows = q.quotes(any_store, framing="denial")
    assert [(r.article, r.framing, r.hedged) for r in rows] == [("art_1", "denial", True)]
    assert [r.model_dump() for r in rows] == [r.model_dump() for r in q.quotes(ref, framing="denial")]
    assert [r.framing for r in q.quotes(any_store, speaker="Ana Ruiz")] == ["denial", "neutral"]
    with pytest.raises(QueryError, match="framing must be one of"):
        q.quotes(any_store, framing="lie")


def test_since_and_until_use_the_statement_time_when_known_on_both_backends(any_store, tmp_path) -> None:
    from graphbuild import query as q
    from graphbuild.store import NetworkXStore

    old = _story("art_1", QUOTE, "2024-03-01", "Wire")  # published in 2024, said in 2014
    old.statements[0] = old.statements[0].model_copy(update={"time_text": "in 2014", "said_on": "2014-01-01", "said_precision": "year"})
    batch = [to_rows(old), to_rows(_story("art_2", "The station will be completed in 2030 no matter what", "2024-03-02", "Gazette"))]
    ref = NetworkXStore(tmp_path / "ref.json")
    for st in (any_store, ref):
        st.write(batch)
    before = q.quotes(any_store, speaker="Ana Ruiz", until="2016-06-01")  # what had she said by then?
    assert [(r.article, r.said_on, r.said_precision) for r in before] == [("art_1", "2014-01-01", "year")]
    assert [r.article for r in q.quotes(any_store, speaker="Ana Ruiz", since="2024")] == ["art_2"]
    for kw in ({"until": "2016-06-01"}, {"since": "2024"}, {"since": "2010", "until": "2030"}):
        assert [r.model_dump() for r in q.quotes(any_store, **kw)] == [r.model_dump() for r in q.quotes(ref, **kw)]
    with pytest.raises(QueryError, match="until must be an ISO date"):
        q.quotes(any_store, until="soon")
