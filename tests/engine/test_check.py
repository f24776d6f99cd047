"""engine.check: one document in, findings out; a failing rule never hides the others."""

from __future__ import annotations

import gc
import signal
import threading
import time

import pytest

from newslint.engine.check import RuleTimeout, check, run_order, time_limit
from newslint.engine.rule import CorpusRule, Rule, RuleConfigError, RuleError
from newslint.formats import from_text


class Word(Rule):
    """Flags every "alpha" (a rule made for this test)."""

    code, name, summary = "T001", "alpha", "flags alpha"

    def check(self, document, options):
        at = document.view.find("alpha")
        while at >= 0:
            yield self.diagnostic(document, at, at + 5, f"alpha with {options['suffix']}")
            at = document.view.find("alpha", at + 1)


class Broken(Rule):
    code, name = "T002", "broken"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def check(self, document, options):
        raise self.error


class Corpus(CorpusRule):
    code, name = "T003", "corpus"

    def collect(self, document, options):
        raise AssertionError("check() never collects")


def _document(text: str, path: str = "story.md"):
    (document,) = from_text(path, text).documents
    return document


def test_findings_come_sorted_with_their_options():
    document = _document("alpha beta alpha\n")
    found, failures = check(document, [(Word(), {"suffix": "x"})])
    assert [(d.start, d.message) for d in found] == [(0, "alpha with x"), (11, "alpha with x")]
    assert failures == []


def test_each_kind_of_rule_failure_is_reported_and_the_other_rules_still_run():
    document = _document("alpha\n")
    rules = [
        (Broken(RuleConfigError("bad option")), {}),
        (Broken(RuleError("pattern timed out")), {}),
        (Broken(KeyError("boom")), {}),
        (Word(), {"suffix": "y"}),
    ]
    found, failures = check(document, rules)
    assert [d.code for d in found] == ["T001"]
    assert [f.message for f in failures] == [
        "config problem in rule T002 broken: bad option",
        "pattern timed out",
        "internal error in rule T002 broken: KeyError: 'boom'",
    ]


def test_suppression_comments_silence_findings_in_their_block():
    document = _document("<!-- newslint: ignore T001 -->\nalpha one\n\nalpha two\n")
    found, _ = check(document, [(Word(), {"suffix": ""})])
    assert [document.text[d.start : d.end + 4] for d in found] == ["alpha two"]


def test_corpus_rules_are_left_to_the_end_of_the_run():
    assert check(_document("alpha\n"), [(Corpus(), {})]) == ([], [])


def test_the_same_document_and_rules_give_the_same_findings():
    document = _document("alpha and alpha\n")
    rules = [(Word(), {"suffix": "z"})]
    assert check(document, rules) == check(document, rules)


class Bad(Rule):
    """Yields one good finding and findings no reporter can place (a plugin's bug)."""

    code, name = "T004", "bad"

    def check(self, document, options):
        from newslint.model import Diagnostic, Severity

        def made(severity, start, end, path=document.path):
            return Diagnostic(self.code, self.name, severity, "m", path, start, end)

        yield made(Severity.WARNING, 0, 5)
        yield made(7, 0, 5)  # no such severity: every reporter failed on it
        yield made(Severity.WARNING, 10**6, 10**6 + 1)  # far past the end of the text
        yield made(Severity.WARNING, 4, 2)
        yield made(Severity.WARNING, -1, 1, path="other.md")
        yield None


def test_findings_a_rule_cannot_have_made_are_refused_and_named():
    found, failures = check(_document("alpha beta\n"), [(Bad(), {})])
    assert [(d.start, d.end) for d in found] == [(0, 5)]
    assert len(failures) == 5
    assert all(f.message.startswith("finding of rule T004 bad refused: ") for f in failures)


def test_a_finding_with_a_bad_severity_does_not_stop_the_report(cli, tmp_path, monkeypatch):
    from newslint.engine import registry

    rules, _ = registry.discover()
    monkeypatch.setattr(registry, "discover", lambda: ([*rules, Bad()], []))
    (tmp_path / "a.txt").write_text("It was the biggest ever rally.\n")
    result = cli("--isolated", "--select", "ALL", "--output-format", "json", "a.txt", cwd=tmp_path)
    assert result.code == 2 and "refused: severity 7" in result.err
    assert {f["code"] for f in result.json()} >= {"C001", "T004"}


class Slow(Rule):
    """Takes `seconds` of wall time on every document (a rule made for this test)."""

    code, name = "T004", "slow"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def check(self, document, options):
        began = time.monotonic()
        while time.monotonic() - began < self.seconds:
            pass  # busy, as a rule stuck in a pattern is: a sleep would also do
        return ()


def test_the_time_limit_is_each_rules_own_and_a_rule_past_it_is_stopped(monkeypatch):
    # One timer serves all of a document's rules; each rule still gets the whole limit:
    # three rules of 0.6 limits each must all finish, a fourth that runs on is stopped,
    # and the rule after it is timed afresh (and would be stopped too).
    monkeypatch.setenv("NEWSLINT_RULE_TIMEOUT", "0.5")
    document = _document("alpha\n")
    rules = [(Slow(0.3), {}), (Slow(0.3), {}), (Slow(0.3), {}), (Slow(30), {})]
    rules += [(Word(), {"suffix": "z"}), (Slow(30), {})]
    began = time.monotonic()
    found, failures = check(document, rules)
    assert time.monotonic() - began < 10
    assert [d.code for d in found] == ["T001"]
    assert [f.message for f in failures] == [
        "internal error in rule T004 slow: RuleTimeout: still running after 0.5 s "
        "(NEWSLINT_RULE_TIMEOUT)"
    ] * 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # nothing left armed
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


class OwnAlarm(Rule):
    """Times itself with SIGALRM in the common way: its own handler, then signal.alarm(0),
    which leaves no timer running (a rule made for this test)."""

    code, name = "T005", "own-alarm"

    def check(self, document, options):
        def handler(signum, frame):
            raise TimeoutError

        signal.signal(signal.SIGALRM, handler)
        signal.alarm(60)
        try:
            return ()
        finally:
            signal.alarm(0)


def test_a_rule_that_uses_sigalrm_itself_does_not_lift_the_next_rules_limit(monkeypatch):
    # The timer is armed once per document: a rule that turns it off (or takes the signal)
    # must not leave the rules after it with no limit, as a timer per rule never did.
    monkeypatch.setenv("NEWSLINT_RULE_TIMEOUT", "0.3")
    document = _document("alpha\n")
    began = time.monotonic()
    found, failures = check(document, [(OwnAlarm(), {}), (Slow(4), {})])
    assert time.monotonic() - began < 3
    assert [f.message for f in failures] == [
        "internal error in rule T004 slow: RuleTimeout: still running after 0.3 s "
        "(NEWSLINT_RULE_TIMEOUT)"
    ]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_rule_past_its_limit_is_told_once_and_the_run_goes_on():
    # When the limit goes off, the timer is set again for the next rules; if it goes off
    # again before the stopped rule's failure is recorded (a small limit), it must not raise
    # a second RuleTimeout there, outside any rule: that one ended the whole run.
    with time_limit(60) as clock:  # long: no real alarm during the test
        clock.start()
        clock.began = time.monotonic() - 61  # as if the rule had run past its limit
        with pytest.raises(RuleTimeout):
            clock.expired(signal.SIGALRM, None)
        clock.expired(signal.SIGALRM, None)  # again, while the failure is recorded


class Tidy(Rule):
    """Runs 2 ms, then tidies up a little (a rule made for this test)."""

    code, name = "T006", "tidy"

    def check(self, document, options):
        try:
            began = time.monotonic()
            while time.monotonic() - began < 0.002:
                pass
        finally:
            [str(i) for i in range(200)]
        return ()


def test_a_tiny_limit_stops_rules_but_never_the_check(monkeypatch):
    # The timer goes off every 0.1 ms: some time it lands as a stopped rule's failure is
    # recorded (that ended the run) or as the timer is turned off (that left it running,
    # and SIGALRM's default action then killed the process).
    monkeypatch.setenv("NEWSLINT_RULE_TIMEOUT", "0.0001")
    document = _document("alpha\n")
    try:
        for _ in range(300):
            found, failures = check(document, [(Tidy(), {}) for _ in range(5)])
            assert failures and all("RuleTimeout" in f.message for f in failures)
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_an_alarm_on_its_way_when_the_limit_ends_sets_no_timer():
    with time_limit(60) as clock:
        pass
    try:
        clock.expired(signal.SIGALRM, None)  # as a signal handled just after the cancel
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_an_endless_time_limit_is_no_limit(monkeypatch):
    # setitimer cannot take inf or 1e400 (OverflowError): every document failed with it.
    for value in ("inf", "1e400", "1e300", "nan"):
        monkeypatch.setenv("NEWSLINT_RULE_TIMEOUT", value)
        found, failures = check(_document("alpha\n"), [(Word(), {"suffix": "z"})])
        assert [d.code for d in found] == ["T001"] and failures == []


def test_an_alarm_as_the_limit_begins_keeps_the_timer(monkeypatch):
    # The timer goes off (a tiny limit) before time_limit has finished setting up: the
    # handler must set it again, or the document's rules run with no limit.
    real = signal.setitimer
    calls = []

    def setitimer_then_alarm(which, seconds, interval=0.0):
        calls.append(seconds)
        old = real(which, seconds, interval)
        if len(calls) == 1:  # time_limit's own: let it run out at once, and be handled
            real(which, 0)
            signal.getsignal(signal.SIGALRM)(signal.SIGALRM, None)
        return old

    monkeypatch.setattr(signal, "setitimer", setitimer_then_alarm)
    try:
        with time_limit(60):
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    finally:
        real(signal.ITIMER_REAL, 0)


def test_an_earlier_timer_runs_on_through_the_limit_and_keeps_its_interval():
    # A program's watchdog (a repeating timer) set before checking documents: each
    # document's limit set it back with the time it had on entry and no interval, so
    # while documents kept coming it never went off, and after one it never came again.
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30, 7)
        with time_limit(60):
            time.sleep(0.3)
        left, interval = signal.getitimer(signal.ITIMER_REAL)
        assert left < 29.8 and interval == 7
        signal.setitimer(signal.ITIMER_REAL, 0.05)  # a watchdog due during the document
        with time_limit(60):
            time.sleep(0.1)
            assert fired == []  # the rule's timer in place of it meanwhile
        time.sleep(0.01)
        assert fired == [signal.SIGALRM]  # gone off at once, after the document
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Thresholds(Rule):
    """Notes the collector's thresholds while it runs (a rule made for this test)."""

    code, name = "T004", "thresholds"

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def check(self, document, options):
        self.seen.append(gc.get_threshold())
        return []


def test_a_long_document_is_checked_with_fewer_collections_and_they_are_put_back():
    before = gc.get_threshold()
    rule = Thresholds()
    check(_document("A short story about alpha.\n"), [(rule, {})])
    check(_document("A long story about alpha.\n" * 5000), [(rule, {})])
    short, long = rule.seen
    assert short == before
    assert all(a >= b for a, b in zip(long, before, strict=True))
    assert long[0] >= 10_000
    assert gc.get_threshold() == before


class Waits(Rule):
    """Says it has begun, then waits for a go-ahead, noting the collector's thresholds
    after it (a rule made for this test: it holds one thread's check open)."""

    code, name = "T005", "waits"

    def __init__(self, begun: threading.Event, go: threading.Event) -> None:
        self.begun, self.go = begun, go
        self.after: tuple[int, int, int] | None = None

    def check(self, document, options):
        self.begun.set()
        assert self.go.wait(30)
        self.after = gc.get_threshold()
        return []


def test_long_documents_checked_in_two_threads_at_once_put_the_thresholds_back():
    # A checks, B begins, A ends, then B ends: the collector's state is process-wide, so
    # the last check to end puts back what was there before the first began.
    before = gc.get_threshold()
    text = "A long story about alpha.\n" * 5000
    a_begun, b_begun, a_done = threading.Event(), threading.Event(), threading.Event()
    a, b = Waits(a_begun, b_begun), Waits(b_begun, a_done)
    first = threading.Thread(target=check, args=(_document(text), [(a, {})]))
    second = threading.Thread(target=check, args=(_document(text), [(b, {})]))
    try:
        first.start()
        assert a_begun.wait(30)
        second.start()
        first.join(30)
        a_done.set()
        second.join(30)
        assert b.after is not None and b.after[0] >= 10_000  # B still checks with few
        assert gc.get_threshold() == before
    finally:
        a_done.set()
        b_begun.set()
        gc.set_threshold(*before)


def test_a_long_document_leaves_automatic_collection_off_when_the_caller_turned_it_off():
    before = gc.get_threshold()
    rule = Thresholds()
    try:
        gc.set_threshold(0, before[1], before[2])  # threshold 0: no automatic collection
        check(_document("A long story about alpha.\n" * 5000), [(rule, {})])
        assert rule.seen[0][0] == 0
        assert gc.get_threshold() == (0, before[1], before[2])
    finally:
        gc.set_threshold(*before)


class Interrupted(Rule):
    """Notes the collector's thresholds, then raises KeyboardInterrupt, which `check`
    lets through (a rule made for this test)."""

    code, name = "T006", "interrupted"

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def check(self, document, options):
        self.seen.append(gc.get_threshold())
        raise KeyboardInterrupt


def test_the_thresholds_are_raised_only_above_100_000_characters_and_put_back_on_an_interrupt():
    before = gc.get_threshold()
    rule = Interrupted()
    try:
        gc.set_threshold(700, 10, 10)  # below the raised ones, so a raise shows
        for length in (100_000, 100_001):
            document = _document("a" * (length - 1) + "\n", "story.txt")
            assert len(document.text) == length
            with pytest.raises(KeyboardInterrupt):
                check(document, [(rule, {})])
            # The interrupted check is over: the next starts from the caller's thresholds.
            assert gc.get_threshold() == (700, 10, 10)
        assert rule.seen == [(700, 10, 10), (10_000, 100, 100)]
    finally:
        gc.set_threshold(*before)


class Records(Rule):
    """Notes in `ran` that it ran, and fails with `error` when given one."""

    def __init__(
        self, code: str, shared: bool, ran: list[str], error: Exception | None = None
    ) -> None:
        self.code, self.name = code, f"records-{code.lower()}"
        self.uses_shared_analyses = shared
        self.ran = ran
        self.error = error

    def check(self, document, options):
        self.ran.append(self.code)
        if self.error is not None:
            raise self.error
        yield self.diagnostic(document, 0, 5, f"{self.code} ran")


def test_rules_using_no_shared_analysis_run_first_and_the_rest_in_the_order_given():
    ran: list[str] = []
    given = [
        Records("T010", True, ran),
        Records("T011", False, ran),
        Records("T012", True, ran),
        Records("T013", False, ran),
    ]
    found, failures = check(_document("alpha\n"), [(rule, {}) for rule in given])
    assert ran == ["T011", "T013", "T010", "T012"]
    # The findings are sorted, whatever order the rules ran in.
    assert [d.code for d in found] == ["T010", "T011", "T012", "T013"]
    assert failures == []


def test_the_run_order_changes_no_finding():
    document = _document("alpha one\n\nalpha two <!-- newslint: ignore T011 -->\n")
    ran: list[str] = []
    early = [(Records("T010", True, ran), {}), (Records("T011", False, ran), {})]
    late = [(Records("T010", True, ran), {}), (Records("T011", True, ran), {})]
    assert check(document, early) == check(document, late)
    assert ran == ["T011", "T010", "T010", "T011"]


def test_failures_are_reported_in_the_order_the_rules_are_given_not_run():
    ran: list[str] = []
    rules = [
        (Records("T010", True, ran, RuleError("T010 failed")), {}),
        (Records("T011", False, ran, RuleError("T011 failed")), {}),
    ]
    found, failures = check(_document("alpha\n"), rules)
    assert ran == ["T011", "T010"]
    assert found == []
    assert [f.message for f in failures] == ["T010 failed", "T011 failed"]


def test_run_order_is_stable_within_each_group():
    ran: list[str] = []
    codes = ["T05", "T01", "T04", "T02", "T03"]
    shared = [True, False, True, True, False]
    rules = [Records(c, s, ran) for c, s in zip(codes, shared, strict=True)]
    assert [codes[i] for i in run_order(rules)] == ["T01", "T03", "T05", "T04", "T02"]
    assert run_order([]) == []


@pytest.mark.parametrize("value", [None, "no", "False", 0.0, [], object()])
def test_a_rule_whose_uses_shared_analyses_is_not_a_bool_is_run_with_the_rest(value):
    # A pack's attribute set to anything but the bool False (None, a string) once made
    # sorting the rules raise TypeError, ending the whole run with an internal error. Only
    # False moves a rule first: anything else is "in doubt", which the docstring says is True.
    ran: list[str] = []
    odd = Records("T011", True, ran)
    odd.uses_shared_analyses = value
    given = [Records("T010", True, ran), odd, Records("T012", False, ran)]
    assert run_order(given) == [2, 0, 1]
    found, failures = check(_document("alpha\n"), [(rule, {}) for rule in given])
    assert ran == ["T012", "T010", "T011"]
    assert [d.code for d in found] == ["T010", "T011", "T012"]
    assert failures == []


def test_a_checked_document_pickles_and_copies_without_its_memo() -> None:
    """The memo is one process's cache (the rules' closures, words kept in the order of
    its str hashes): a checked document pickles, a copy of it has a memo of its own, and
    either checked again finds what the document found."""
    import copy
    import pickle

    from newslint.engine.registry import discover

    rules, _ = discover()
    chosen = [(rule, rule.options) for rule in rules if rule.default_enabled]
    document = _document("Experts say it was the biggest rise ever.\n", "story.txt")
    found, errors = check(document, chosen)
    assert {finding.code for finding in found} >= {"A001", "C001"} and not errors
    assert document._memo  # the rules kept their analyses on it
    for again in (pickle.loads(pickle.dumps(document)), copy.copy(document)):
        assert again == document and again._memo == {}
        assert again._memo is not document._memo
        assert check(again, chosen) == (found, errors)
