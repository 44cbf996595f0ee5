"""A new RSA private key (PEM) for signing reader tokens: `python -m lewis_accounts.keys`
prints one to put in JWT_PRIVATE_KEY (docs/operations.md, rotating keys)."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def new_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


if __name__ == "__main__":
    print(new_private_key_pem(), end="")
