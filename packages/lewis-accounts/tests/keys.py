"""RSA keys for the tests: one signs our tokens, another plays Google's and Apple's."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def new_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def jwk(key: rsa.RSAPrivateKey, kid: str) -> dict:
    """The public half as a JWK, as Apple publishes its keys."""
    import json

    import jwt

    return {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())), "kid": kid}


def certificate(key: rsa.RSAPrivateKey) -> str:
    """The public half in a self-signed X.509 certificate, as Google publishes its keys."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "accounts.google.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def new_apple_key_pem() -> str:
    """A key like the .p8 Apple gives a team: EC P-256, PKCS#8 PEM."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return pem(ec.generate_private_key(ec.SECP256R1()))
