"""The writer: only changed files, atomic, never a user's file, never outside the content folder."""

import json

import pytest

from generator.model import Page, Stream
from generator.writer import MANIFEST_NAME, UnsafePath, Writer, write_new


def test_second_identical_write_touches_nothing(tmp_path):
    writer = Writer(tmp_path)
    pages = [Page("index.md", "home\n"), Page("papers/a.md", "a\n")]
    first = writer.write(pages)
    assert sorted(first.written) == ["index.md", "papers/a.md"]
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    second = writer.write(pages)
    assert second.written == [] and second.unchanged == 2 and second.deleted == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == mtimes


def test_user_files_are_never_overwritten_or_deleted(tmp_path):
    (tmp_path / "about.md").write_text("mine")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("my own page with the same name")
    summary = Writer(tmp_path).write([Page("papers/a.md", "generated\n"), Page("papers/b.md", "b\n")])
    assert (tmp_path / "papers" / "a.md").read_text() == "my own page with the same name"
    assert summary.written == ["papers/b.md"]
    assert "was not written by litsite" in summary.problems[0].message
    Writer(tmp_path).write([])
    assert (tmp_path / "about.md").read_text() == "mine"
    assert (tmp_path / "papers" / "a.md").exists()


def test_pages_no_longer_generated_are_removed_with_their_empty_folders(tmp_path):
    writer = Writer(tmp_path)
    writer.write([Page("papers/a.md", "a"), Page("tags/x.md", "x")])
    summary = writer.write([Page("papers/a.md", "a")])
    assert summary.deleted == ["tags/x.md"]
    assert not (tmp_path / "tags").exists()
    assert json.loads((tmp_path / MANIFEST_NAME).read_text())["files"].keys() == {"papers/a.md"}


def test_hand_edited_stale_page_is_kept(tmp_path):
    writer = Writer(tmp_path)
    writer.write([Page("papers/a.md", "a")])
    (tmp_path / "papers" / "a.md").write_text("my edits")
    summary = writer.write([])
    assert (tmp_path / "papers" / "a.md").read_text() == "my edits"
    assert "edited by hand" in summary.problems[0].message


@pytest.mark.parametrize("path", ["../x.md", "/etc/passwd", "papers/../../x.md", "a/./b.md", "Papers/A.md",
                                  "con\x00.md", "", "papers/" + "a" * 300 + ".md", ".hidden.md"])
def test_unsafe_paths_are_refused(tmp_path, path):
    writer = Writer(tmp_path / "content")
    with pytest.raises(UnsafePath):
        writer.target(path)
    summary = writer.write([Page(path, "x")])
    assert summary.written == [] and summary.problems[0].level == "rejected"
    assert list(tmp_path.rglob("*.md")) == []


def test_tampered_manifest_cannot_delete_outside_the_content_folder(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "precious.md").write_text("keep")
    (content / MANIFEST_NAME).write_text(json.dumps({"version": 1, "files": {"../precious.md": "0"}}))
    Writer(content).write([])
    assert (tmp_path / "precious.md").read_text() == "keep"


def test_a_run_killed_after_claiming_is_repaired_by_the_next(tmp_path):
    # Simulate a crash between claiming ownership in the manifest and writing the file:
    # the manifest lists the page, the file holds a half-written text.
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("half")
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"version": 1, "files": {"papers/a.md": "pending"}}))
    summary = Writer(tmp_path).write([Page("papers/a.md", "complete\n")])
    assert (tmp_path / "papers" / "a.md").read_text() == "complete\n"
    assert summary.written == ["papers/a.md"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_written_files_get_the_users_umask_and_stale_temporaries_go(tmp_path):
    import os
    import stat

    (tmp_path / "papers").mkdir()
    stale = tmp_path / "papers" / ".litsite-abc123.tmp"  # what a run killed inside atomic_write leaves
    stale.write_text("half a page")
    Writer(tmp_path).write([Page("papers/a.md", "a\n")])
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "papers" / "a.md").stat().st_mode) == 0o666 & ~mask
    assert not stale.exists()


def test_a_generated_page_replaced_by_a_symlink_is_replaced_not_written_through(tmp_path):
    """A link at a generated page's path (to the user's own page in the content folder) is replaced by the
    generated file; the page it pointed to keeps its text."""
    (tmp_path / "about.md").write_text("my own page")
    Writer(tmp_path).write([Page("papers/a.md", "generated\n")])
    (tmp_path / "papers" / "a.md").unlink()
    (tmp_path / "papers" / "a.md").symlink_to(tmp_path / "about.md")
    summary = Writer(tmp_path).write([Page("papers/a.md", "generated again\n")])
    assert (tmp_path / "about.md").read_text() == "my own page"
    assert not (tmp_path / "papers" / "a.md").is_symlink()
    assert (tmp_path / "papers" / "a.md").read_text() == "generated again\n"
    assert any("symbolic link" in problem.message for problem in summary.problems)


def test_a_linked_folder_is_not_written_into(tmp_path):
    """A generated folder replaced by a link to the user's folder: nothing is written through it."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.md").write_text("my own page")
    (tmp_path / "papers").symlink_to(tmp_path / "mine", target_is_directory=True)
    summary = Writer(tmp_path).write([Page("papers/a.md", "generated\n"), Page("index.md", "home\n")])
    assert (tmp_path / "mine" / "a.md").read_text() == "my own page"
    assert summary.written == ["index.md"]
    assert any("symbolic link" in problem.message for problem in summary.problems)


def test_a_folder_linked_between_two_runs_of_one_writer_is_not_written_into(tmp_path):
    """Folders are checked for links once a run (Writer.target), not once for the writer's life."""
    writer = Writer(tmp_path)
    writer.write([Page("papers/a.md", "generated\n")])
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.md").write_text("my own page")
    (tmp_path / "papers" / "a.md").unlink()
    (tmp_path / "papers").rmdir()
    (tmp_path / "papers").symlink_to(tmp_path / "mine", target_is_directory=True)
    summary = writer.write([Page("papers/a.md", "generated again\n"), Page("papers/b.md", "b\n")])
    assert (tmp_path / "mine" / "a.md").read_text() == "my own page" and not (tmp_path / "mine" / "b.md").exists()
    assert summary.written == [] and any("symbolic link" in problem.message for problem in summary.problems)


def test_a_new_file_is_written_in_place_and_one_that_appeared_meanwhile_is_replaced_whole(tmp_path):
    write_new(tmp_path / "deep" / "er" / "a.md", b"new\n")  # its folders made
    assert (tmp_path / "deep" / "er" / "a.md").read_bytes() == b"new\n"
    (tmp_path / "b.md").write_text("appeared between the check and the write")
    write_new(tmp_path / "b.md", b"ours\n")
    assert (tmp_path / "b.md").read_bytes() == b"ours\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.md", "deep"]  # no temporary file left


def test_a_symlink_the_user_made_at_a_generated_path_is_left_alone(tmp_path):
    (tmp_path / "about.md").write_text("my own page")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").symlink_to(tmp_path / "about.md")
    summary = Writer(tmp_path).write([Page("papers/a.md", "my own page")])  # even with the same text
    assert (tmp_path / "papers" / "a.md").is_symlink() and summary.written == []
    assert (tmp_path / "about.md").read_text() == "my own page"


def test_a_run_in_batches_claims_each_batch_before_writing_it_and_a_killed_one_is_repaired(tmp_path):
    """Issue #17: pages are written a batch at a time (no process holds all of them). Each batch's new
    files are in the manifest before any of them is written; a run stopped after its first batch leaves
    files the next run knows as its own (no "edited by hand" warning), and a path given twice, in two
    batches, is written once."""
    writer = Writer(tmp_path)
    writing = writer.begin()
    writing.add([Page("papers/a.md", "a\n"), Page("papers/b.md", "b\n")])
    assert sorted(writer.load_manifest()) == ["papers/a.md", "papers/b.md"]  # claimed, then written
    writing.add([Page("papers/a.md", "again\n")])  # a second page for the same path
    assert (tmp_path / "papers" / "a.md").read_text() == "a\n" and len(writing.refused) == 1
    # stopped here: no finish(); the next run writes everything and warns of nothing
    summary = writer.write([Page("papers/a.md", "a\n"), Page("papers/c.md", "c\n")])
    assert summary.problems == [] and summary.deleted == ["papers/b.md"] and summary.written == ["papers/c.md"]
    assert sorted(json.loads((tmp_path / MANIFEST_NAME).read_text())["files"]) == ["papers/a.md", "papers/c.md"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == [MANIFEST_NAME]


def test_claims_cut_short_by_a_kill_are_read_up_to_the_last_whole_line(tmp_path):
    writer = Writer(tmp_path)
    writer.claim({"papers/a.md": "abc"})
    with open(tmp_path / ".litsite-claims", "a", encoding="utf-8") as stream:
        stream.write('["papers/b.md", "de')  # killed while appending
    assert writer.load_manifest() == {"papers/a.md": "abc"}


def test_pages_written_by_other_processes_come_back_into_one_manifest(tmp_path):
    """Issue #17: each process writes the pages it renders (the main one held all 77,000 paper pages
    before writing them: 3.3 GB at 100,000 records) and sends back only what it wrote."""
    from generator.parallel import Background
    writing = Writer(tmp_path).begin()
    child = Background(lambda: writing.part().run([[Page("tags/x.md", "x")], [Page("papers/a.md", "a")]]))
    writing.run([[Page("papers/b.md", "b")]])
    writing.merge(child.result())
    summary = writing.finish()
    assert sorted(summary.written) == ["papers/a.md", "papers/b.md", "tags/x.md"]
    assert sorted(json.loads((tmp_path / MANIFEST_NAME).read_text())["files"]) == sorted(summary.written)
    assert not list(tmp_path.glob(".litsite-claims*")) and (tmp_path / "tags" / "x.md").read_text() == "x"


def test_a_download_is_written_as_its_chunks_come_and_kept_like_a_page(tmp_path):
    """Issue #17: at 100,000 records each whole-collection download (papers.json 150 MB) was built as one
    string, and its objects, in the process that peaked at 2.1 GB. A Stream is written as it comes: while
    the second chunk is made, the first is on disk already."""
    first, second = "a" * 200_000, "b\n"
    seen = []

    def chunks():
        yield first
        seen.append(sum(path.stat().st_size for path in (tmp_path / "downloads").glob(".litsite-*.tmp")))
        yield second

    writer = Writer(tmp_path)
    summary = writer.write([Stream("downloads/papers.json", chunks), Page("index.md", "home\n")])
    target = tmp_path / "downloads" / "papers.json"
    assert seen == [len(first)] and target.read_text() == first + second
    assert sorted(summary.written) == ["downloads/papers.json", "index.md"]
    mtime = target.stat().st_mtime_ns
    again = writer.write([Stream("downloads/papers.json", chunks), Page("index.md", "home\n")])
    assert again.written == [] and again.unchanged == 2 and target.stat().st_mtime_ns == mtime
    target.write_text("edited")
    edited = writer.write([Stream("downloads/papers.json", chunks), Page("index.md", "home\n")])
    assert edited.written == ["downloads/papers.json"] and "edited by hand" in edited.problems[0].message
    assert target.read_text() == first + second
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_download_never_replaces_a_file_of_the_users(tmp_path):
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "papers.bib").write_text("my own library")
    summary = Writer(tmp_path).write([Stream("downloads/papers.bib", lambda: iter(["@misc{a}\n"]))])
    assert (tmp_path / "downloads" / "papers.bib").read_text() == "my own library"
    assert summary.written == [] and "was not written by litsite" in summary.problems[0].message
    assert not list(tmp_path.rglob("*.tmp"))
