"""GET/POST /api/v1/posts/ and PATCH /api/v1/posts/{id}/ as the contract says."""

FIELDS = {"id", "kind", "title", "summary", "body_html", "cluster", "author_unit", "published_at", "url"}


def test_anonymous_reads_published_posts_with_the_contract_fields(world, make_post, api_for):
    post = make_post(publish=True)
    make_post(publish=False, title="Nháp")
    data = api_for(None).get("/api/v1/posts/", {"cluster": world.cluster.pk, "kind": "news"}).json()
    assert [p["id"] for p in data] == [post.pk]
    assert set(data[0]) == FIELDS and data[0]["url"].endswith(post.public_url) and data[0]["author_unit"] == world.member_unit.pk
    assert api_for(None).get("/api/v1/posts/", {"kind": "practice"}).json() == []
    assert api_for(None).get("/api/v1/posts/", {"organizer": world.other_organizer.pk}).json() == []
    assert api_for(None).get("/api/v1/posts/", {"kind": "blog"}).status_code == 400


def test_write_publish_and_refusals(world, api_for):
    body = {"cluster": world.cluster.pk, "kind": "news", "title": "Tin API", "body": "<p>b</p>", "publish": False}
    assert api_for(None).post("/api/v1/posts/", body, format="json").status_code == 401
    assert api_for(world.member_delegate).post("/api/v1/posts/", body, format="json").status_code == 403
    assert api_for(world.outside_officer).post("/api/v1/posts/", body, format="json").status_code == 404
    assert api_for(world.member_officer).post("/api/v1/posts/", {**body, "extra": 1}, format="json").status_code == 400
    created = api_for(world.member_officer).post("/api/v1/posts/", body, format="json")
    assert created.status_code == 201 and created.json()["published_at"] is None
    pk = created.json()["id"]
    assert api_for(world.leader_officer).patch(f"/api/v1/posts/{pk}/", {"publish": True}, format="json").status_code == 403
    assert api_for(world.outside_officer).patch(f"/api/v1/posts/{pk}/", {"publish": True}, format="json").status_code == 404
    moved = api_for(world.organizer_officer).patch(f"/api/v1/posts/{pk}/", {"cluster": world.other_cluster.pk}, format="json")
    assert moved.status_code == 400
    published = api_for(world.organizer_officer).patch(f"/api/v1/posts/{pk}/", {"publish": True}, format="json")
    assert published.status_code == 200 and published.json()["published_at"]
    assert [p["id"] for p in api_for(None).get("/api/v1/posts/").json()] == [pk]
