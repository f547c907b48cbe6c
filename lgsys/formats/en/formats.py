# A moment reads the same on every page, in both languages: "2024-03-29 16:00"
# (Django's Swedish default is "29 mars 2024 16:00", its English "March 29, ...").
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
