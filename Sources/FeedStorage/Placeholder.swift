// FeedStorage
