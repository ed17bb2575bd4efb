"""The figure model in one place: the closed lists come from data/datapackage.json, and every
metric and unit there has its order, colour and words, so nothing is drawn or written by a
silent fallback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from crackdown import counting, model, wording
from crackdown.charts import frame
from crackdown.errors import ModelError

SEED = Path(__file__).parent / "fixtures" / "seed"
LIVE = Path(__file__).parent.parent


@pytest.mark.parametrize("root", [SEED, LIVE], ids=["seed", "live"])
def test_every_metric_of_the_data_package_has_its_order_colour_and_verb(root: Path) -> None:
    metrics = model.enums(root).metrics
    assert metrics, "the descriptor lists metrics"
    for metric in metrics:
        look = model.metric(metric)
        assert look.colour in frame.PALETTE, metric
        assert frame.PALETTE[look.colour] != frame.YELLOW, f"{metric}: too pale on white"
        assert wording.verb(metric), metric
    orders = [model.metric(m).order for m in metrics]
    assert len(set(orders)) == len(orders), "each metric has its own row"


@pytest.mark.parametrize("root", [SEED, LIVE], ids=["seed", "live"])
def test_every_unit_and_qualifier_of_the_data_package_has_its_words(root: Path) -> None:
    enums = model.enums(root)
    for unit in enums.units:
        assert model.unit(unit).words, unit
    assert set(enums.qualifiers) <= set(wording.QUALIFIERS)
    assert enums.relations, "the descriptor lists the relations between facts"
    for relation in enums.relations:
        assert wording.relation(relation), relation
    with pytest.raises(ModelError, match="relation 'overlaps' has no words"):
        wording.relation("overlaps")


def test_the_model_has_no_look_for_a_metric_the_data_package_lacks() -> None:
    assert set(model.METRIC_LOOKS) == set(model.enums(LIVE).metrics)


def test_a_metric_without_a_colour_is_refused_never_drawn_black() -> None:
    with pytest.raises(ModelError, match="metric 'trafficked' has no order, colour"):
        frame.metric_colour("trafficked")
    with pytest.raises(ModelError, match="metric 'trafficked'"):
        wording.verb("trafficked")


def test_a_new_metric_in_the_descriptor_is_read_and_then_needs_its_look(tmp_path: Path) -> None:
    shutil.copytree(SEED, tmp_path / "project")
    descriptor = tmp_path / "project" / "data" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "metric":
                field["constraints"]["enum"].append("trafficked")
        if resource["name"] == "figures":
            resource["schema"]["fields"].append(
                {"name": "period_basis", "constraints": {"enum": ["stated", "inferred"]}}
            )
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    enums = model.enums(tmp_path / "project")
    assert enums.metrics[-1] == "trafficked"
    assert enums.period_bases == ("stated", "inferred")
    with pytest.raises(ModelError):
        model.metric(enums.metrics[-1])


def test_a_descriptor_without_the_model_enums_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    with pytest.raises(ModelError, match="no enum for the field"):
        model.enums(tmp_path)


def test_metric_order_follows_the_model_not_the_input() -> None:
    assert model.metric_order(["deported", "arrested", "deported", "cases"]) == [
        "arrested",
        "deported",
        "cases",
    ]


def test_a_selection_picks_what_counting_selects(seed_facts: pd.DataFrame) -> None:
    asked = model.Selection(metrics=["arrested"], start="2025-01-01", nationality=None)
    picked = asked.pick(seed_facts)
    expected = counting.select(seed_facts, metrics=["arrested"], start="2025-01-01")
    assert list(picked["fact_id"]) == list(expected["fact_id"])
    assert set(picked["metric"]) == {"arrested"}
