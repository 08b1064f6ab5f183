app_name = "areas"
urlpatterns: list = []
