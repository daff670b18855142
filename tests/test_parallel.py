"""Work in a forked child: its result comes back whole (large lists in slices), its errors are raised here."""

import hashlib

import pytest

from generator.parallel import SLICE, Background, can_fork


def test_a_long_list_comes_back_whole_and_in_order():
    items = [("page-%d" % number, "x" * (number % 7)) for number in range(3 * SLICE + 17)]
    assert Background(lambda: list(items)).result() == items


def test_other_values_and_empty_lists_come_back():
    assert Background(lambda: {"a": 1}).result() == {"a": 1}
    assert Background(lambda: []).result() == []


def test_an_error_in_the_child_is_raised_here_as_it_was_raised_there():
    """The same error as where the function runs in this process (LITSITE_WORKERS=1, no fork): callers
    handle it as they would any (the CLI turns a full disk's OSError into one message)."""
    import errno

    def fail():
        raise ValueError("bad record 42")

    with pytest.raises(ValueError, match="^bad record 42$"):
        Background(fail).result()

    def full():
        raise OSError(errno.ENOSPC, "No space left on device", "content/papers/a.md")

    with pytest.raises(OSError) as raised:
        Background(full).result()
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == "content/papers/a.md"


@pytest.mark.skipif(not can_fork(), reason="without fork the function runs here: its own error is raised")
def test_an_error_that_cannot_be_sent_is_raised_with_its_message():
    class Unsendable(Exception):
        def __init__(self, message, handle):
            super().__init__(message)
            self.handle = handle

    def fail():
        raise Unsendable("bad record 43", lambda: None)

    with pytest.raises(RuntimeError, match="Unsendable: bad record 43"):
        Background(fail).result()


def test_turns_are_each_taken_once_by_the_processes_sharing_them():
    from generator.parallel import Turns
    turns = Turns(1003, 10, shared=True)

    def take_all():
        taken = []
        while (turn := turns.take()) is not None:
            taken.append((turn.start, turn.stop))
        return taken

    children = [Background(take_all) for _ in range(2)]
    taken = take_all() + [turn for child in children for turn in child.result()]
    assert sorted(taken) == [(start, min(start + 10, 1003)) for start in range(0, 1003, 10)]


@pytest.mark.e2e
def test_pages_shared_between_processes_are_those_one_process_writes(tmp_path, monkeypatch):
    """Above PARALLEL_FROM papers three processes share the rendering (pipeline.render_and_write): the
    listings in pieces, then the paper pages in turns, whoever is free. The content is the same as one
    process writes (LITSITE_WORKERS=1), file for file."""
    from generator.config import load_config
    from generator.pipeline import generate
    from generator.render.pages import PARALLEL_FROM

    from .conftest import make_project
    from .test_crash_safety import synthetic_dump

    sources = {"big.txt": synthetic_dump(PARALLEL_FROM + 300)}
    shared = make_project(tmp_path / "shared", sources=sources)
    generate(load_config(shared))
    alone = make_project(tmp_path / "alone", sources=sources)
    monkeypatch.setenv("LITSITE_WORKERS", "1")
    generate(load_config(alone))
    assert content_tree(shared / "content") == content_tree(alone / "content")
    assert len(content_tree(shared / "content")) > PARALLEL_FROM + 300


def test_what_a_child_works_on_is_freed_here_once_it_has_started():
    """At 25,000 papers the process counting terms kept the counts (90 MB) for the topics' child it had
    started, which had its own copy: the parent forgets the child's function once the child has it."""
    import gc
    import weakref

    from generator.parallel import can_fork

    class Counts:
        pass
    counts = Counts()
    alive = weakref.ref(counts)
    child = Background(lambda counts=counts: type(counts).__name__)
    del counts
    gc.collect()
    assert (alive() is None) == can_fork()
    assert child.result() == "Counts"


@pytest.mark.e2e
def test_without_a_shared_semaphore_one_process_renders_everything(tmp_path, monkeypatch):
    """Where fork works but no semaphore can be shared (a container without /dev/shm: sem_open fails with
    OSError), the turns cannot be counted across processes: this process renders every page, the same
    pages, instead of failing."""
    import multiprocessing.context

    from generator.config import load_config
    from generator.pipeline import generate
    from generator.render.pages import PARALLEL_FROM

    from .conftest import make_project
    from .test_crash_safety import synthetic_dump

    sources = {"big.txt": synthetic_dump(PARALLEL_FROM + 50)}
    shared = make_project(tmp_path / "shared", sources=sources)
    generate(load_config(shared))

    def no_semaphore(*args, **kwargs):
        raise OSError(38, "Function not implemented")
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Value", no_semaphore)
    alone = make_project(tmp_path / "alone", sources=sources)
    result = generate(load_config(alone))
    assert not any("two pages" in problem.message for problem in result.report.problems)
    assert content_tree(alone / "content") == content_tree(shared / "content")


def content_tree(root):
    """Every generated file's hash, but litsite's own bookkeeping (claims are named by process)."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file() and not path.name.startswith(".litsite")}
