from app.global_ids import encode_id, parse_id, public_payload


def test_public_payload_turns_every_id_into_a_global_id_and_leaves_the_rest():
    payload = {
        "orderId": 10,
        "number": "SO-1",
        "version": 2,
        "customerAccountId": 3,
        "userId": None,
        "final": True,
        "differences": [{"shipmentLineId": 7, "shipped": 5}],
        "orderIds": [1, 2],
    }
    assert public_payload(payload) == {
        "orderId": encode_id("Order", 10),
        "number": "SO-1",
        "version": 2,
        "customerAccountId": encode_id("CustomerAccount", 3),
        "userId": None,
        "final": True,
        "differences": [{"shipmentLineId": encode_id("ShipmentLine", 7), "shipped": 5}],
        "orderIds": [encode_id("Order", 1), encode_id("Order", 2)],
    }
    assert parse_id(public_payload(payload)["orderId"]) == ("Order", 10)
