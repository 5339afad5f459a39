# The v1 routes; see thidua/api/views/ (one module per domain app).
urlpatterns: list = []
