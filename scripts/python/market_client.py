"""A second real client of the chain, for analysts and utilities' back offices: Python with
`substrate-interface`. It reads the market's storage, calls the runtime APIs `MarketApi` and
`EnergyTokenApi` (the V14 metadata `substrate-interface` reads carries no runtime APIs, so their
types ship here, in `TYPE_REGISTRY`) and submits a signed market call, then checks each answer
against what the chain says through another way. Exits non-zero, naming the mismatch, if any
check fails: the end-to-end test `transfer` runs it against a dev node.

Usage: python3 market_client.py ws://127.0.0.1:9944   (a `dev-microgrid-N` chain, whose first
household is //Household1)
"""

import sys

from substrateinterface import Keypair, SubstrateInterface

# The runtime APIs' types, as `energy_primitives` and `pallet_energy_token` declare them.
TYPE_REGISTRY = {
    "types": {
        "MarketPhase": {"type": "enum", "value_list": ["Negotiation", "Recording"]},
        "MarketStatus": {
            "type": "struct",
            "type_mapping": [
                ["slot", "u64"],
                ["phase", "MarketPhase"],
                ["recording_starts_at", "u64"],
                ["slot_ends_at", "u64"],
            ],
        },
        "OfferView": {
            "type": "struct",
            "type_mapping": [
                ["id", "u64"],
                ["seller", "AccountId"],
                ["slot", "u64"],
                ["energy_wh", "u64"],
                ["floor_price", "u128"],
                ["endpoint", "Bytes"],
                ["negotiation_key", "[u8; 32]"],
            ],
        },
        "EnergyAccount": {"type": "struct", "type_mapping": [["free", "u64"], ["held", "u64"]]},
    },
    "runtime_api": {
        "MarketApi": {
            "methods": {
                "status": {"params": [], "type": "MarketStatus"},
                "offers": {"params": [{"name": "slot", "type": "u64"}], "type": "Vec<OfferView>"},
            }
        },
        "EnergyTokenApi": {
            "methods": {
                "total_supply": {"params": [], "type": "u64"},
                "balance_of": {"params": [{"name": "who", "type": "AccountId"}], "type": "EnergyAccount"},
                "allowance": {
                    "params": [{"name": "owner", "type": "AccountId"}, {"name": "spender", "type": "AccountId"}],
                    "type": "u64",
                },
            }
        },
    },
}


def check(condition, what):
    if not condition:
        raise SystemExit(f"market_client: {what}")


def main(url):
    chain = SubstrateInterface(url=url, type_registry=TYPE_REGISTRY)
    household = Keypair.create_from_uri("//Household1")

    # Storage, from the metadata alone.
    clock = chain.query("Market", "CurrentClock").value
    check(clock["slot_millis"] > clock["recording_millis"] > 0, f"the clock {clock} is not a market clock")
    role = chain.query("Consortium", "Members", [household.ss58_address]).value
    check(role == "Household", f"//Household1 is {role!r}, not a household, on this chain")

    # The runtime APIs, with the types above.
    status = chain.runtime_call("MarketApi", "status", []).value
    check(status["phase"] in ("Negotiation", "Recording"), f"MarketApi.status gave {status}")
    check(status["slot_ends_at"] >= status["recording_starts_at"], f"MarketApi.status gave {status}")
    offers = chain.runtime_call("MarketApi", "offers", [status["slot"] + 1]).value
    check(isinstance(offers, list), f"MarketApi.offers gave {offers!r}")
    supply = chain.runtime_call("EnergyTokenApi", "total_supply", []).value
    check(supply == chain.query("EnergyToken", "TotalSupply").value, "total_supply is not EnergyToken.TotalSupply")
    energy = chain.runtime_call("EnergyTokenApi", "balance_of", [household.ss58_address]).value
    check(energy["free"] + energy["held"] <= supply, f"the household holds {energy} of {supply}")

    # A signed market call: the household's agent publishes itself, and the chain says so.
    key = Keypair.create_from_uri("//Household1//agent")
    endpoint = "http://127.0.0.1:8790"
    call = chain.compose_call(
        call_module="Market",
        call_function="publish_info",
        call_params={"kind": "Seller", "endpoint": endpoint, "negotiation_key": "0x" + key.public_key.hex()},
    )
    extrinsic = chain.create_signed_extrinsic(call=call, keypair=household)
    receipt = chain.submit_extrinsic(extrinsic, wait_for_inclusion=True)
    check(receipt.is_success, f"publish_info failed: {receipt.error_message}")
    published = [event for event in receipt.triggered_events if event.value["event_id"] == "InfoPublished"]
    check(len(published) == 1, "publish_info emitted no InfoPublished")
    agent = chain.query("Market", "Agents", [household.ss58_address], block_hash=receipt.block_hash).value
    check(agent["kind"] == "Seller", f"Market.Agents(//Household1) is {agent}")
    check(agent["negotiation_key"] == "0x" + key.public_key.hex(), f"Market.Agents(//Household1) is {agent}")

    print(
        f"substrate-interface: slot {status['slot']} ({status['phase']}), {len(offers)} offers for the next, "
        f"energy supply {supply} Wh; //Household1's agent published in block {receipt.block_hash}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: market_client.py ws://127.0.0.1:9944")
    main(sys.argv[1])
