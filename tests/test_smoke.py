def test_demo_office_issues_and_calls(server):
    kiosk, clerk = server.kiosk(), server.staff(0)
    r = kiosk.post("/api/tickets", json={"service": "A", "nik": "3277014112900003", "request_id": "x1"})
    assert r.status_code == 201, r.text
    assert r.json()["number"] == "A-001"
    r = clerk.post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next")
    assert r.status_code == 200, r.text
    assert r.json()["number"] == "A-001"
