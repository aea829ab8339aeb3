"""The rulebook (quy định): versioned rule settings, title standards and the statutory schedules (retirement age
under Decree 135/2020). Owner of `rule_setting` and `title_standard`."""
