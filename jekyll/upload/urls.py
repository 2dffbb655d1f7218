from django.urls import path

from . import views

app_name = "jekyll_imports"
urlpatterns = [
    path("", views.ImportListView.as_view(), name="index"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/retry/", views.RetryView.as_view(), name="retry"),
    path("<int:pk>/delete/", views.DeleteView.as_view(), name="delete"),
]
