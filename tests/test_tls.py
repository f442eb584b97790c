"""TLS faults against a local HTTPS server, each refused in plain words with nothing stored.

The self-signed case runs a sync in this process. The expired and wrong-name cases run the
real `kabar` command, trusting a test CA through SSL_CERT_FILE: aiohttp builds its default
SSL context with ssl.create_default_context() when it is imported, and that reads the
variable. A valid certificate from the same CA syncs, so these refusals are really about
the expiry or the name, not about an unknown issuer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.db import DB_FILENAME
from reader.fetch import FetchLimits
from reader.storage import Storage
from reader.sync import Sync, SyncOptions
from reader.types import ArticleFilter
from tests.feedserver import FeedServer

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>TLS</title>'
    b"<item><guid>1</guid><title>secret</title></item></channel></rss>"
)
# `openssl ca` needs a configuration file; this one has only what these certificates use.
CA_CONFIG = """
[req]
distinguished_name = dn
prompt = no
[dn]
CN = Kabar Test CA
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = .
rand_serial = yes
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[for_127_0_0_1]
subjectAltName = IP:127.0.0.1
[for_another_host]
subjectAltName = DNS:kabar-other.test
"""
LIMITS = FetchLimits(connect_timeout=3, read_timeout=5, total_timeout=20)
EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]  # fast to make


def openssl(folder: Path, *args: str) -> None:
    """Run the openssl command in `folder`; without it, the test skips (it cannot check TLS)."""
    if shutil.which("openssl") is None:
        pytest.skip(
            "the openssl command, which makes the test certificate, is not installed "
            "(Debian: apt-get install openssl; .ci/run installs it)"
        )
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    openssl(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
            "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1")  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a test CA (ca.pem) and one leaf key and request that it signs."""
    folder = tmp_path_factory.mktemp("ca")
    (folder / "ca.cnf").write_text(CA_CONFIG)
    (folder / "index.txt").touch()
    openssl(folder, "req", "-x509", "-config", "ca.cnf", "-extensions", "ca_ext", *EC,
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2")  # fmt: skip
    # A neutral common name: only the subjectAltName each leaf gets decides where it is valid.
    openssl(folder, "req", "-new", *EC, "-keyout", "leaf.key", "-out", "leaf.csr",
            "-subj", "/CN=Kabar test site")  # fmt: skip
    return folder


def leaf(ca: Path, name: str, names: str, *validity: str) -> tuple[Path, Path]:
    """A certificate signed by the test CA; `openssl ca` (not `x509`) because OpenSSL 3.0
    can set a validity in the past only there (-startdate/-enddate)."""
    openssl(ca, "ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem",
            "-keyfile", "ca.key", "-in", "leaf.csr", "-out", f"{name}.pem",
            "-extensions", names, *(validity or ("-days", "2")))  # fmt: skip
    return ca / f"{name}.pem", ca / "leaf.key"


def kabar(data: Path, ca: Path, *args: str) -> str:
    """Run the installed console script as a user would; its stdout."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("kabar")), "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
        env={**os.environ, "SSL_CERT_FILE": str(ca / "ca.pem")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def follow(
    tmp_path: Path, ca: Path, cert: tuple[Path, Path], host: str
) -> tuple[str, str, dict[str, Any]]:
    """Add and sync a feed served with `cert`: what `add` and `sync` print, and the source."""
    data = tmp_path / "data"
    with FeedServer(tls=cert) as server:
        url = server.add("/feed.xml", FEED).replace("127.0.0.1", host)
        added = kabar(data, ca, "add", "--no-sync", url)  # `add` fetches it once to check it
        synced = kabar(data, ca, "sync", "--no-capture")
    (source,) = json.loads(kabar(data, ca, "sources", "--json"))
    return added, synced, source


def assert_refused(added: str, synced: str, source: dict[str, Any], sentence: str) -> None:
    assert f"Could not check it now ({sentence})" in added
    assert f": {sentence}\n" in synced and "0 new, 0 updated, 1 failed" in synced
    assert source["last_error"] == sentence and source["total"] == 0


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


def test_a_self_signed_certificate_is_refused_in_plain_words(
    storage: Storage, tmp_path: Path
) -> None:
    options = SyncOptions(limits=LIMITS, parse_workers=0, capture=False)
    with FeedServer(tls=self_signed(tmp_path)) as server:
        source = storage.add_source(server.add("/feed.xml", FEED))
        started = time.monotonic()
        (outcome,) = Sync(storage, options).run().outcomes
        seconds = time.monotonic() - started
    assert storage.article_keys(ArticleFilter(source_id=source.id), 10) == [] and seconds < 10
    assert outcome.error == (
        "The security certificate of 127.0.0.1 is not valid; Kabar did not connect."
    )
    assert storage.source(source.id).last_error == outcome.error


def test_a_valid_certificate_from_the_test_ca_syncs(tmp_path: Path, ca: Path) -> None:
    # The control: without it, the refusals below could be about the CA not being trusted.
    started = time.monotonic()
    added, synced, source = follow(tmp_path, ca, leaf(ca, "valid", "for_127_0_0_1"), "127.0.0.1")
    assert "Could not check" not in added and "1 new, 0 updated, 0 failed" in synced
    assert source["last_error"] is None and source["total"] == 1
    assert time.monotonic() - started < 10


def test_an_expired_certificate_is_refused_in_plain_words(tmp_path: Path, ca: Path) -> None:
    started = time.monotonic()
    cert = leaf(ca, "expired", "for_127_0_0_1",
                "-startdate", "20200101000000Z", "-enddate", "20200102000000Z")  # fmt: skip
    assert_refused(
        *follow(tmp_path, ca, cert, "127.0.0.1"),
        "The security certificate of 127.0.0.1 has expired; Kabar did not connect.",
    )
    assert time.monotonic() - started < 10


# OpenSSL reports a wrong IP address (code 64) and a wrong host name (code 62) apart.
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_certificate_for_another_host_is_refused_in_plain_words(
    tmp_path: Path, ca: Path, host: str
) -> None:
    started = time.monotonic()
    cert = leaf(ca, f"other-{host}", "for_another_host")
    assert_refused(
        *follow(tmp_path, ca, cert, host),
        f"The security certificate presented by {host} is for a different site; "
        "Kabar did not connect.",
    )
    assert time.monotonic() - started < 10
