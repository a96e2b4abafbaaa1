"""Stage defaults chosen by cost: dev within $1 a month at 10,000 requests, alarms included."""

from bench.cost import FULL_VCPU_MB, billed_ms, memory_sizes, monthly_cost
from deploy.stage import load

# One run of bench.cost (README: What a stage costs): CPU seconds, DynamoDB calls and units
# per request.
FIGURES = {
    "redirect": {"cpu_seconds": 0.0076, "calls": 2.0, "read_units": 0.5, "write_units": 1.0},
    "signed-in page": {"cpu_seconds": 0.0135, "calls": 3.0, "read_units": 2.0, "write_units": 0.0},
    "home page": {"cpu_seconds": 0.0026, "calls": 0.0, "read_units": 0.0, "write_units": 0.0},
    "shorten (API)": {"cpu_seconds": 0.0228, "calls": 5.0, "read_units": 1.0, "write_units": 2.0},
}


def test_dev_costs_at_most_a_dollar_a_month_at_ten_thousand_requests():
    bill = monthly_cost(FIGURES, 10_000, load("dev"))
    assert "SnapStart cache" not in bill
    assert bill["CloudWatch alarms"] > 0
    assert sum(bill.values()) <= 1.0


def test_production_keeps_snapstart_and_pays_for_it():
    bill = monthly_cost(FIGURES, 10_000, load("production"))
    assert bill["SnapStart cache"] > 10


def test_the_background_engine_is_priced_its_stream_reads_free_for_lambda():
    bill = monthly_cost(FIGURES, 1_000_000, load("production"))
    assert bill["Stream reads (by Lambda: free)"] == 0.0
    assert bill["Background invocations"] > 0  # the sweeps' schedule even without work
    assert bill["Background writes"] > 0


def test_less_memory_bills_longer_requests_and_dynamodb_waits_do_not_shrink():
    redirect = FIGURES["redirect"]
    assert billed_ms(redirect, 512) > billed_ms(redirect, 1024) > billed_ms(redirect, FULL_VCPU_MB)
    assert billed_ms(redirect, 3008) == billed_ms(redirect, FULL_VCPU_MB)  # one thread, one vCPU
    waits_only = dict(redirect, cpu_seconds=0.0)
    assert billed_ms(waits_only, 512) == billed_ms(waits_only, FULL_VCPU_MB) > 0


def test_the_memory_comparison_covers_each_stage_own_size():
    stages = [load("dev"), load("production")]
    sizes = memory_sizes(stages)
    assert {stage.memory_mb for stage in stages} <= set(sizes)
    assert len(sizes) >= 3
