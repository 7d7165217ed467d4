"""What plain pickle refuses in moto's backends is written as what rebuilds it, and read back working."""

import pickle
import threading
import weakref
from collections import defaultdict
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from generator.emulator.pickling import dumps


class Function:
    def __init__(self, name: str) -> None:
        self.name = name


class Tags(defaultdict[str, list[str]]):
    """A defaultdict with an __init__ of its own, as SSM's ParameterDict."""

    def __init__(self, account: str) -> None:
        super().__init__(list)
        self.account = account


def round_trip(value: Any) -> Any:
    return pickle.loads(dumps(value))


def test_locks_come_back_as_fresh_locks_of_their_kind() -> None:
    held = threading.Lock()
    held.acquire()
    lock, rlock = round_trip([held, threading.RLock()])
    assert lock.acquire(blocking=False)  # fresh: not held, as the saved one was
    assert rlock.acquire() and rlock.acquire()  # re-entrant still


def test_a_weak_value_dictionary_keeps_pointing_at_the_objects_saved_with_it() -> None:
    function = Function("timeline")
    arns: weakref.WeakValueDictionary[str, Function] = weakref.WeakValueDictionary({"arn:1": function})
    functions, by_arn = round_trip([[function], arns])
    assert by_arn["arn:1"] is functions[0]


def test_defaultdicts_with_lambda_factories_and_own_inits_are_rebuilt() -> None:
    nested: defaultdict[str, defaultdict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    nested["doc"]["v1"]["k"] = "v"
    tags = Tags("123456789012")
    tags["a"].append("b")
    nested_back, tags_back = round_trip([nested, tags])
    assert nested_back["doc"]["v1"] == {"k": "v"} and nested_back["new"]["x"] == {}
    assert type(tags_back) is Tags and tags_back.account == "123456789012" and tags_back["a"] == ["b"]
    assert tags_back["new"] == []


def test_a_factory_that_cannot_be_rebuilt_is_an_error_not_a_silent_loss() -> None:
    odd: defaultdict[str, Any] = defaultdict(lambda: Function("x"))
    with pytest.raises(pickle.PicklingError, match="cannot be rebuilt"):
        dumps(odd)


def test_key_objects_come_back_as_the_same_keys() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    curve = ec.generate_private_key(ec.SECP256R1())
    private_back, public_back, curve_back = round_trip([private, private.public_key(), curve])
    assert private_back.private_numbers() == private.private_numbers()
    assert public_back.public_numbers() == private.public_key().public_numbers()
    assert curve_back.private_numbers() == curve.private_numbers()
