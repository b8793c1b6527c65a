// FeedScheduling
