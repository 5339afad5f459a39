"""A test CA made in the test suite (never a real certificate): a root CA and signer
certificates issued by it, as PKCS#12, with the `cryptography` library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mat-khau-thu"


@dataclass
class TestCA:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(common: str, organisation: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(attrs)


def make_ca(name: str = "ThiDua Test Root CA") -> TestCA:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name, "ThiDua Test"))
        .issuer_name(_name(name, "ThiDua Test"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return TestCA(key, cert)


def make_signer_p12(
    ca: TestCA, organisation: str, common: str = "", *, passphrase: str = PASSPHRASE, expired: bool = False
) -> tuple[bytes, x509.Certificate]:
    """A signer certificate for `organisation` (the unit's name), issued by `ca`, with its
    key, as a PKCS#12 file under `passphrase`."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    if expired:
        start, end = now - dt.timedelta(days=400), now - dt.timedelta(days=30)
    else:
        start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=365)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common or organisation, organisation))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [ca.cert], serialization.BestAvailableEncryption(passphrase.encode())
    )
    return p12, cert


def signed_sample_pdf(ca: TestCA, organisation: str, common: str = "") -> bytes:
    """A sample document's PDF (the Kế hoạch 91/KH-CTĐ) signed by a certificate of `ca`
    for `organisation`, as a signed copy received from outside ThiDua would be."""
    from django.utils import timezone

    from thidua.documents import signing
    from thidua.documents.pdf import render_layout
    from thidua.documents.samples import plan_91_kh_ctd

    p12 = make_signer_p12(ca, organisation, common)[0]
    layout = render_layout(plan_91_kh_ctd())
    signer = signing.load_signer(p12, PASSPHRASE)
    return signing.sign_pdf(layout.write_pdf(), signer, place=signing.stamp_place(layout), organisation=organisation, when=timezone.now())
