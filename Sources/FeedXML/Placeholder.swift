// FeedXML
