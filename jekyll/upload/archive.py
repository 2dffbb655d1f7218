"""Uploaded .zip files, checked member by member before a single byte is written.

A zip from the outside world may hold paths that climb out of the folder it is unpacked
into (``../``, ``/etc/…``), symbolic links, or gigabytes packed into kilobytes. Each of
those is refused with a message an editor can act on. Accepted layouts: a whole site
folder, zipped as is or inside one folder (``myblog/_posts/…``), or ``_posts/`` (with
``images/``) at the top of the zip.
"""

import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from jekyll.reading.source import POST_SUFFIXES

MB = 1024 * 1024
# Files that macOS's "Compress" adds beside the real ones.
IGNORED_PREFIXES = ("__MACOSX/",)
CHUNK_SIZE = 64 * 1024


class ArchiveError(Exception):
    """The upload cannot be imported; the message says why, for the editor."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_upload_bytes: int
    max_uncompressed_bytes: int
    max_files: int

    @classmethod
    def from_settings(cls) -> "ArchiveLimits":
        return cls(
            max_upload_bytes=getattr(settings, "FOLIO_IMPORT_MAX_UPLOAD_MB", 100) * MB,
            max_uncompressed_bytes=getattr(settings, "FOLIO_IMPORT_MAX_UNCOMPRESSED_MB", 500) * MB,
            max_files=getattr(settings, "FOLIO_IMPORT_MAX_FILES", 10_000),
        )


def open_archive(fileobj) -> zipfile.ZipFile:
    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        raise ArchiveError("This file is not a .zip archive.")
    fileobj.seek(0)
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"This .zip archive cannot be read: {error}") from error


def checked_members(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The archive's files to unpack, after refusing anything unsafe or too large."""
    members = [
        info for info in archive.infolist() if not info.filename.startswith(IGNORED_PREFIXES)
    ]
    if len(members) > limits.max_files:
        raise ArchiveError(
            f"The archive holds {len(members)} files; at most {limits.max_files} are accepted."
        )
    total = 0
    for info in members:
        safe_path(info)
        total += info.file_size
    if total > limits.max_uncompressed_bytes:
        raise ArchiveError(
            f"The archive unpacks to {total / MB:.0f} MB; at most "
            f"{limits.max_uncompressed_bytes // MB} MB are accepted."
        )
    return [info for info in members if not info.is_dir()]


def safe_path(info: zipfile.ZipInfo) -> PurePosixPath:
    """The member's relative path; refuses absolute paths, ``..``, links and encryption."""
    name = info.filename
    path = PurePosixPath(name)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"The archive contains an absolute or Windows path: {name}")
    if ".." in path.parts:
        raise ArchiveError(f"The archive contains a path that leaves its folder: {name}")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveError(f"The archive contains a symbolic link: {name}")
    if info.flag_bits & 0x1:
        raise ArchiveError(f"The archive is password-protected ({name}); upload it unencrypted.")
    return path


def site_prefix(members: list[zipfile.ZipInfo]) -> PurePosixPath:
    """Where the Jekyll site starts inside the archive: at its top or one folder down."""
    paths = [PurePosixPath(info.filename) for info in members]
    posts = [path for path in paths if path.suffix.lower() in POST_SUFFIXES]
    if any(path.parts[0] == "_posts" for path in posts if len(path.parts) > 1):
        return PurePosixPath()
    folders = {path.parts[0] for path in posts if len(path.parts) > 2 and path.parts[1] == "_posts"}
    if len(folders) == 1:
        return PurePosixPath(folders.pop())
    if len(folders) > 1:
        raise ArchiveError(
            "The archive holds several Jekyll sites ("
            + ", ".join(sorted(folders))
            + "); upload one at a time."
        )
    raise ArchiveError(
        "No Jekyll posts found: the archive needs a _posts/ folder with .md or .html posts, "
        "at its top or inside one folder (myblog/_posts/)."
    )


def check_upload(fileobj, limits: ArchiveLimits | None = None) -> None:
    """Refuse an upload that could not be unpacked and imported (the form's check)."""
    limits = limits or ArchiveLimits.from_settings()
    if fileobj.size > limits.max_upload_bytes:
        raise ArchiveError(
            f"The file is {fileobj.size / MB:.1f} MB; at most "
            f"{limits.max_upload_bytes // MB} MB can be uploaded."
        )
    with open_archive(fileobj) as archive:
        site_prefix(checked_members(archive, limits))
    fileobj.seek(0)


def extract_site(fileobj, destination: Path, limits: ArchiveLimits | None = None) -> Path:
    """Unpack the archive into ``destination`` and return the Jekyll site's folder in it.

    The checks run again here, on the file as stored. Checking the declared sizes is
    enough: ``zipfile`` never inflates a member past its declared size, and a member whose
    data does not match its header fails its CRC check and is reported as damaged.
    """
    limits = limits or ArchiveLimits.from_settings()
    destination = destination.resolve()
    with open_archive(fileobj) as archive:
        members = checked_members(archive, limits)
        prefix = site_prefix(members)
        for info in members:
            target = (destination / safe_path(info)).resolve()
            if not target.is_relative_to(destination):
                raise ArchiveError(
                    f"The archive contains a path that leaves its folder: {info.filename}"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("wb") as output:
                    shutil.copyfileobj(source, output, CHUNK_SIZE)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise ArchiveError(f"The archive is damaged at {info.filename}: {error}") from error
    return destination / prefix
