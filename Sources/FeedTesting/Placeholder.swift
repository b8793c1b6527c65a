// FeedTesting
