"""/api/claims and /api/figures over real HTTP, with answers read off the documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import httpx
import pytest

from api import models
from graph.config import load_settings
from graph.model import claims as claim_model
from graph.store import OxigraphStore

PROBLEM = "application/problem+json"
INTERVIEW = "doc-rosoboronexport-backlog-interview"
OPINION = "doc-russia-2025-defense-export-opinion"
INTERVIEW_AUTHOR = "author-rosoboronexport-backlog-interview"
OPINION_AUTHOR = "author-russia-2025-defense-export-opinion"


def claims(api: httpx.Client, **params: Any) -> dict[str, Any]:
    response = api.get("/api/claims", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_mikheev_claims_with_dates_as_the_text_gives_them(api: httpx.Client) -> None:
    body = claims(api, speaker="mikheev")
    assert body["total"] == 4
    got = [(c["date"]["value"], c["date"]["precision"], c["text"]) for c in body["items"]]
    assert got == [
        ("--11-13", "month-day", "the order backlog for Russian arms exports remains at a record level of $55 billion"),
        ("--11-13", "month-day", "in 2024, contracts were signed for the supply of more than 30 types of modern weapons and military equipment to foreign customers"),
        ("--08-13", "month-day", "Rosoboronexport had stopped cooperation with hostile countries"),
        ("--08-13", "month-day", "it continues to work with partners from the Middle East, the Asia-Pacific region, Africa, Latin America, Central Asia and Europe"),
    ]
    for claim in body["items"]:
        assert claim["speaker"] == {"id": "mikheev", "label": "Mikheev"}
        assert claim["kind"] == "indirect-speech"
        assert claim["date"]["inferred"] is None
        assert claim["reported_by"]["id"] == INTERVIEW_AUTHOR
        assert claim["source"]["id"] == INTERVIEW


def test_backlog_figure_is_exact_55_billion(api: httpx.Client) -> None:
    first = claims(api, speaker="mikheev")["items"][0]
    assert first["figures"] == [
        {
            "id": "claim-90a25c8a1c90-figure-1",
            "measure": "order-backlog",
            "measure_label": "order backlog",
            "amount": 55000000000,
            "unit": "USD",
            "bound": "exact",
            "period": None,
            "as_of": "--11-13",
            "original": "$55 billion",
            "min": None,
            "max": None,
        }
    ]
    second = claims(api, speaker="mikheev")["items"][1]
    assert [(f["amount"], f["bound"], f["period"]) for f in second["figures"]] == [(30, "more-than", "2024")]


def test_kremlin_forex_figure_is_attributed_to_the_reports_with_the_article_as_reporter(api: httpx.Client) -> None:
    body = claims(api, speaker="kremlin-official-reports")
    forex = [c for c in body["items"] if any(f["measure"] == "forex-earnings" for f in c["figures"])]
    assert len(forex) == 1
    claim = forex[0]
    assert claim["speaker"] == {"id": "kremlin-official-reports", "label": "official Kremlin reports"}
    assert claim["reported_by"]["id"] == OPINION_AUTHOR
    assert claim["source"]["id"] == OPINION
    assert claim["kind"] == "indirect-speech"
    (figure,) = claim["figures"]
    assert (figure["amount"], figure["unit"], figure["bound"], figure["period"], figure["original"]) == (
        15000000000, "USD", "approximately", "2025", "approximately $15 billion",
    )


def test_every_span_points_at_its_text_in_the_source(api: httpx.Client) -> None:
    texts = {s["id"]: api.get(f"/api/sources/{s['id']}/text").text for s in api.get("/api/sources").json()["items"]}
    body = claims(api, limit=500)
    assert body["total"] == len(body["items"]) > 0
    for claim in body["items"]:
        span = claim["span"]
        assert texts[claim["source"]["id"]][span["start"] : span["end"]] == span["exact"] == claim["text"]


def test_about_filter(api: httpx.Client) -> None:
    body = claims(api, about="rosoboronexport")
    assert body["total"] == 3
    assert all("rosoboronexport" in [a["id"] for a in c["about"]] for c in body["items"])
    # Mikheev twice, and Rosoboronexport's own report of the record backlog relayed by the interviewer's premise
    assert {c["speaker"]["id"] for c in body["items"]} == {"mikheev", "rosoboronexport"}


def test_filters_combine(api: httpx.Client) -> None:
    body = claims(api, speaker="unnamed-arms-export-expert", kind="opinion", source=INTERVIEW)
    assert body["total"] > 0
    assert all(c["stance"] == "opinion" and c["kind"] == "direct-quote" for c in body["items"])
    assert claims(api, speaker="mikheev", source=OPINION)["total"] == 0


@pytest.mark.parametrize("kind", ["direct-quote", "indirect-speech", "document-assertion", "opinion"])
def test_kind_filter(api: httpx.Client, kind: str) -> None:
    body = claims(api, kind=kind, limit=500)
    assert body["total"] > 0
    assert all(kind in c["kinds"] for c in body["items"])


def test_text_search_ignores_case_and_accents(api: httpx.Client) -> None:
    body = claims(api, q="HÓSTILE countries")
    assert {c["id"] for c in body["items"]} >= {"claim-424bffaec277"}
    assert all("hostile countries" in c["text"].lower() for c in body["items"])


def test_month_day_dates_are_not_placed_in_a_year(api: httpx.Client) -> None:
    in_2025 = claims(api, speaker="mikheev", **{"from": "2025-01-01", "to": "2025-12-31"})
    assert in_2025["total"] == 0
    with_undated = claims(api, speaker="mikheev", include_undated="true", **{"from": "2025-01-01", "to": "2025-12-31"})
    assert with_undated["total"] == 4
    assert {c["date_match"] for c in with_undated["items"]} == {"undated"}
    assert {c["date_match"] for c in claims(api, speaker="mikheev")["items"]} == {None}


def test_pagination_is_stable(api: httpx.Client) -> None:
    everything = claims(api, limit=500)
    pages = [claims(api, limit=7, offset=offset) for offset in range(0, everything["total"], 7)]
    assert [c["id"] for page in pages for c in page["items"]] == [c["id"] for c in everything["items"]]
    assert {page["total"] for page in pages} == {everything["total"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 100000}, "limit"),
        ({"from": "notadate"}, "from"),
        ({"to": "2025-13-45"}, "to"),
        ({"kind": "rumour"}, "kind"),
        ({"speaker": "nobody-at-all"}, "speaker"),
        ({"about": "x\" } ; DROP ALL ; #"}, "about"),
        ({"from": "2025-12-31", "to": "2025-01-01"}, "from"),
        ({"include_undated": "perhaps"}, "include_undated"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(api: httpx.Client, params: dict[str, Any], field: str) -> None:
    response = api.get("/api/claims", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in [error["field"] for error in response.json()["errors"]]


def test_one_claim_with_the_facts_it_supports(api: httpx.Client) -> None:
    body = api.get("/api/claims/claim-110a82351cd0").json()
    supported = {fact["id"]: fact for fact in body["supports"]}
    assert {"rel-2c597287c923", "rel-e126b8f0a118", "mtc-commission-meeting-01-30"} <= set(supported)
    holds = supported["rel-2c597287c923"]
    assert (holds["subject"]["id"], holds["predicate"], holds["object"]["id"]) == (
        "putin", "org:holds", "post-president-of-russia",
    )
    figure_claim = api.get("/api/claims/claim-90a25c8a1c90").json()
    assert [f["id"] for f in figure_claim["supports"]] == ["claim-90a25c8a1c90-figure-1"]
    assert figure_claim["date"] == {"value": "--11-13", "precision": "month-day", "inferred": None}


def test_ambiguous_attribution_note_is_shown(api: httpx.Client) -> None:
    """Issue 16, correction 3: the clause after the semicolon may be the reporter's own; researchers see the note."""
    body = api.get("/api/claims/claim-dd30a82d3a1e").json()
    assert body["speaker"]["id"] == "mikheev"
    assert "semicolon" in body["attribution_note"]
    assert api.get("/api/claims/claim-90a25c8a1c90").json()["attribution_note"] is None
    page = api.get("/id/claim-dd30a82d3a1e", headers={"Accept": "text/html"}).text
    assert 'id="attribution-note"' in page


def test_unknown_claim_is_404(api: httpx.Client) -> None:
    response = api.get("/api/claims/claim-000000000000")
    assert response.status_code == 404
    assert response.json()["id"] == "claim-000000000000"


def test_competing_forex_figures_side_by_side(api: httpx.Client) -> None:
    body = api.get("/api/figures", params={"measure": "forex-earnings"}).json()
    assert body["total"] == len(body["items"]) >= 2
    assert {item["figure"]["measure"] for item in body["items"]} == {"forex-earnings"}
    by_speaker = {(i["speaker"]["id"], i["figure"]["bound"]) for i in body["items"]}
    assert ("kremlin-official-reports", "approximately") in by_speaker
    assert (OPINION_AUTHOR, "approximately") in by_speaker  # restates the report's figure
    kremlin = next(i for i in body["items"] if i["speaker"]["id"] == "kremlin-official-reports")
    assert kremlin["reported_by"]["id"] == OPINION_AUTHOR
    assert kremlin["source"]["id"] == OPINION
    assert kremlin["about"] == [{"id": "russia", "label": "Russia"}]


def test_backlog_figures_by_two_speakers(api: httpx.Client) -> None:
    body = api.get("/api/figures", params={"measure": "order-backlog"}).json()
    assert {(i["speaker"]["id"], i["figure"]["amount"], i["figure"]["bound"]) for i in body["items"]} >= {
        ("mikheev", 55000000000, "exact"),
        ("unnamed-arms-export-expert", 55000000000, "exact"),
    }


def test_figures_by_subject(api: httpx.Client) -> None:
    body = api.get("/api/figures", params={"subject": "russia"}).json()
    assert body["total"] > 0
    assert all("russia" in [a["id"] for a in i["about"]] for i in body["items"])
    everything = api.get("/api/figures").json()
    assert everything["total"] >= body["total"]


@pytest.mark.parametrize(("params", "field"), [({"measure": "gdp"}, "measure"), ({"subject": "atlantis"}, "subject")])
def test_bad_figure_parameters(api: httpx.Client, params: dict[str, str], field: str) -> None:
    response = api.get("/api/figures", params=params)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


def test_claims_newest_first_keep_undated_last(api: httpx.Client) -> None:
    items = api.get("/api/claims", params={"sort": "-date", "limit": 500}).json()["items"]
    values = [i["date"]["value"] for i in items]
    dated = [v for v in values if v]
    assert dated and values[: len(dated)] == dated, "undated claims come after every dated one"
    assert dated == sorted(dated, reverse=True)  # --MM-DD strings sort like the dates they are
    ascending = [i["date"]["value"] for i in api.get("/api/claims", params={"sort": "date", "limit": 500}).json()["items"]]
    assert [v for v in ascending if v] == sorted(dated)


def test_claims_by_speaker_name(api: httpx.Client) -> None:
    items = api.get("/api/claims", params={"sort": "speaker", "limit": 500}).json()["items"]
    labels = [i["speaker"]["label"].lower() for i in items]
    assert labels == sorted(labels) and len(set(labels)) > 1


@pytest.mark.parametrize("route", ["/api/claims", "/api/figures"])
def test_unknown_sort_names_the_choices(api: httpx.Client, route: str) -> None:
    response = api.get(route, params={"sort": "colour"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sort"
    assert "-date" in response.json()["detail"]


def test_figures_are_paged_like_every_list(api: httpx.Client) -> None:
    everything = api.get("/api/figures", params={"sort": "-amount"}).json()
    first = api.get("/api/figures", params={"sort": "-amount", "limit": 2}).json()
    second = api.get("/api/figures", params={"sort": "-amount", "limit": 2, "offset": 2}).json()
    assert (first["total"], first["limit"], first["offset"]) == (everything["total"], 2, 0)
    assert [i["figure"]["id"] for i in first["items"] + second["items"]] == [i["figure"]["id"] for i in everything["items"][:4]]
    amounts = [i["figure"]["amount"] for i in everything["items"]]
    assert amounts == sorted(amounts, reverse=True)


def test_csv_is_the_page_as_json_gives_it(api: httpx.Client) -> None:
    params = {"speaker": "mikheev", "sort": "-date", "limit": 3}
    ids = [c["id"] for c in api.get("/api/claims", params=params).json()["items"]]
    response = api.get("/api/claims", params={**params, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] + ",dataset_version" == api.get("/downloads/claims.csv").text.splitlines()[0]
    assert [line.split(",", 1)[0] for line in lines[1:]] == ids


def test_the_claims_list_is_the_response_model_of_the_claims_as_dicts(api: httpx.Client, built_store: OxigraphStore) -> None:
    """The route hands the claims themselves to the response model (no asdict copy): the JSON is what the
    model made of their dicts, for every claim of the curated data, figures and date matches included."""
    for params, where in [
        ({"limit": 500}, claim_model.ClaimFilter()),
        ({"limit": 500, "from": "2000-01-01", "to": "2030-12-31", "include_undated": "true"},
         claim_model.ClaimFilter(date_from=dt.date(2000, 1, 1), date_to=dt.date(2030, 12, 31), include_undated=True)),
    ]:
        body = claims(api, **params)
        found = claim_model.find(built_store, load_settings({}), where, 500, 0)
        expected = models.ListOf[models.Claim].model_validate(
            {"items": [asdict(c) for c in found.items], "total": found.total, "limit": 500, "offset": 0, "next": None}
        ).model_dump(mode="json")
        assert body["items"] == expected["items"] and body["total"] == expected["total"] > 10
        assert any(c["figures"] for c in body["items"])
