// FeedFetching
