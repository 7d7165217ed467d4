"""Pickling moto's backends: what plain pickle refuses in them, and how each is rebuilt when read back.

moto's models are plain Python objects, but a few hold things pickle cannot write: locks (SQS queues,
Lambda's layers), a WeakValueDictionary (Lambda's functions by ARN), defaultdicts whose factory is a lambda
(SSM's resource tags) and cryptography key objects (KMS keys, CloudFormation's generated key pairs). Each is
written as what rebuilds it: a fresh lock, a WeakValueDictionary over the same (memoised) values, a
defaultdict whose factory does what the lambda did, a key as PKCS#8 / SubjectPublicKeyInfo PEM. Anything
else pickle cannot write is an error naming its type: nothing is dropped quietly.
"""

import functools
import io
import pickle
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))
SIMPLE_FACTORIES = (dict, list, set, int, str, float)


def _fresh_lock(reentrant: bool) -> Any:
    return threading.RLock() if reentrant else threading.Lock()


def _factory(factory: Callable[[], Any]) -> Callable[[], Any] | None:
    """A picklable factory making what `factory` (a lambda or local function) makes, or None."""
    name = getattr(factory, "__qualname__", "")
    if "<lambda>" not in name and "<locals>" not in name:
        return factory
    sample = factory()
    if isinstance(sample, defaultdict):
        inner = _factory(sample.default_factory) if sample.default_factory else None
        return functools.partial(defaultdict, inner) if inner else None
    return type(sample) if type(sample) in SIMPLE_FACTORIES and not sample else None


def _new_defaultdict(kind: "type[defaultdict[Any, Any]]", factory: Callable[[], Any] | None) -> Any:
    made = defaultdict.__new__(kind)
    defaultdict.__init__(made, factory)
    return made


def _private_key(pem: bytes) -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem, password=None)


def _public_key(pem: bytes) -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_public_key(pem)


def _key(obj: Any) -> tuple[Any, ...] | None:
    """A cryptography key object as the PEM that rebuilds it (moto's KMS and EC2 key pairs hold them)."""
    if not type(obj).__module__.startswith("cryptography."):
        return None
    from cryptography.hazmat.primitives import serialization

    if hasattr(obj, "private_bytes"):
        pem = obj.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return (_private_key, (pem,))
    if hasattr(obj, "public_bytes"):
        pem = obj.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        return (_public_key, (pem,))
    return None


class StatePickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in LOCK_TYPES:
            return (_fresh_lock, (kind is LOCK_TYPES[1],))
        if kind is weakref.WeakValueDictionary:
            return (weakref.WeakValueDictionary, (dict(obj.items()),))
        if isinstance(obj, defaultdict):
            return self._defaultdict(obj)
        return _key(obj) or NotImplemented

    def _defaultdict(self, obj: "defaultdict[Any, Any]") -> Any:
        """defaultdict's own reduction calls `type(obj)(factory)`, which a subclass with an __init__ of its own
        (SSM's ParameterDict) refuses, and writes the factory, which a lambda cannot be."""
        factory = _factory(obj.default_factory) if obj.default_factory is not None else None
        if obj.default_factory is not None and factory is None:
            raise pickle.PicklingError(f"a defaultdict whose factory {obj.default_factory!r} cannot be rebuilt")
        if type(obj) is defaultdict and factory is obj.default_factory:
            return NotImplemented
        state = vars(obj) or None if type(obj) is not defaultdict else None
        return (_new_defaultdict, (type(obj), factory), state, None, iter(obj.items()))


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    StatePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()
