# The conference and the vote (shared/design/api-v1.md, "The conference and the vote"),
# wired into v1_urls.py by `urlpatterns += voting_urlpatterns`.
from django.urls import path

from .views import delegates, voting

Y = "clusters/<int:pk>/years/<int:year>/"
P = "polls/<int:pk>/"
urlpatterns = [
    path(Y + "conference/", voting.ConferenceView.as_view(), name="api-year-conference"),
    path(Y + "conference/delegates/", delegates.DelegateList.as_view(), name="api-year-conference-delegates"),
    path(Y + "conference/delegates/<int:unit_id>/", delegates.DelegateDetail.as_view(), name="api-year-conference-delegate"),
    path(Y + "conference/checkin/", voting.CheckInView.as_view(), name="api-year-conference-checkin"),
    path(Y + "conference/proposals/", voting.ProposalList.as_view(), name="api-year-conference-proposals"),
    path(Y + "polls/", voting.PollListCreate.as_view(), name="api-year-polls"),
    path(P, voting.PollDetail.as_view(), name="api-poll"),
    path(P + "open/", voting.PollOpen.as_view(), name="api-poll-open"),
    path(P + "close/", voting.PollClose.as_view(), name="api-poll-close"),
    path(P + "ballots/", voting.BallotCast.as_view(), name="api-poll-ballots"),
    path(P + "runoff/", voting.PollRunoff.as_view(), name="api-poll-runoff"),
    path(P + "paper-tally/", voting.PaperTallyView.as_view(), name="api-poll-paper-tally"),
]
