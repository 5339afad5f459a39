from django.urls import path

from . import views

Y = "cum/<int:pk>/nam/<int:year>/"
urlpatterns = [
    path(Y + "xep-loai/", views.year_ratings, name="awards_year_ratings"),
    path(Y + "xep-loai.xlsx", views.year_ratings_xlsx, name="awards_year_ratings_xlsx"),
]
