"""Stage defaults chosen by cost: dev within $1 a month at 10,000 requests, alarms included."""

from bench.cost import monthly_cost
from deploy.stage import load

# One run of bench.cost (README: What a stage costs): local seconds, units per request.
FIGURES = {
    "redirect": {"seconds": 0.041, "read_units": 0.5, "write_units": 1.0},
    "signed-in page": {"seconds": 0.038, "read_units": 2.0, "write_units": 0.0},
    "home page": {"seconds": 0.002, "read_units": 0.0, "write_units": 0.0},
    "shorten (API)": {"seconds": 0.063, "read_units": 1.0, "write_units": 2.0},
}


def test_dev_costs_at_most_a_dollar_a_month_at_ten_thousand_requests():
    bill = monthly_cost(FIGURES, 10_000, 1.7, load("dev"))
    assert "SnapStart cache" not in bill
    assert bill["CloudWatch alarms"] > 0
    assert sum(bill.values()) <= 1.0


def test_production_keeps_snapstart_and_pays_for_it():
    bill = monthly_cost(FIGURES, 10_000, 1.7, load("production"))
    assert bill["SnapStart cache"] > 10


def test_the_background_engine_is_priced_its_stream_reads_free_for_lambda():
    bill = monthly_cost(FIGURES, 1_000_000, 1.7, load("production"))
    assert bill["Stream reads (by Lambda: free)"] == 0.0
    assert bill["Background invocations"] > 0  # the sweeps' schedule even without work
    assert bill["Background writes"] > 0
