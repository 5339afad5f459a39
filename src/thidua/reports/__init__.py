"""The year's summary report (Báo cáo tổng kết) with its comment round, and the mid-year
review (sơ kết 6 tháng) with the scoring table's amendments (issue 12, decision 0024).
After voting, before awards: voting <- reports <- awards."""
