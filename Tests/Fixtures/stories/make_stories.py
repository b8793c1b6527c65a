#!/usr/bin/env python3
"""Writes stories.json, the labelled set for cross-feed story clustering (StoryClusterTests).

Each ARTICLE below is one true story, written for this set: a headline, a lead and a second paragraph. Each copy
says which feed carries it and how that feed changed it: its URL (scheme, www., tracking parameters, trailing
slash, a FeedBurner redirector with origLink, or a URL of its own on another site), its headline, and its body
(full, trimmed to N words with an ellipsis, a dateline put in front, or only the lead). The look-alikes (template
funding and earnings stories with other companies and sums, follow-ups on one topic, two matches of one league)
are separate ARTICLES with their own labels, so any pair that crosses labels is a false merge.
Run: python3 make_stories.py > stories.json
"""
import json

FEEDS = {
    "wire": "https://wire.example/rss",
    "tech": "https://techdaily.example/feed",
    "agg": "https://feeds.feedburner.example/aggregator",
    "letter": "https://newsletter.example/atom",
    "metro": "https://metropost.example/rss",
    "biz": "https://bizjournal.example/feed.xml",
    "sci": "https://sciencenow.example/rss",
    "world": "https://worlddesk.example/feed",
    "blog": "https://roundup.example/index.xml",
    "sport": "https://sportsline.example/rss",
}

# label: (day, headline, lead, second paragraph, [copies])
# copy: (feed, url, headline or None, body mode, extra)   body modes: full, lead, trim:N, dateline:TEXT
ARTICLES = {
    "acme-funding": (1, "Acme Robotics raises $40 million to build warehouse robots",
        "Acme Robotics, a Pittsburgh company that makes autonomous forklifts, said on Tuesday it had raised $40 million "
        "in a Series B round led by Granite Ventures. The company will use the money to triple its engineering staff "
        "and open a factory in Ohio, chief executive Dana Whitfield said in an interview.",
        "Acme's robots already move pallets in 30 warehouses for grocery chains and parcel carriers. Whitfield said "
        "orders have doubled since January as retailers struggle to hire night-shift workers.",
        [("wire", "https://wire.example/business/acme-robotics-raises-40-million", None, "full", None),
         ("tech", "http://www.wire.example/business/acme-robotics-raises-40-million/?utm_source=rss&utm_medium=feed",
          "Acme Robotics lands $40M Series B for warehouse forklifts", "trim:45", None),
         ("agg", "https://feeds.feedburner.example/~r/aggregator/~3/a81kd9/", "Warehouse robot maker Acme raises $40 million",
          "lead", "https://wire.example/business/acme-robotics-raises-40-million"),
         ("biz", "https://bizjournal.example/2026/03/acme-robotics-series-b", "Pittsburgh's Acme Robotics raises $40 million",
          "dateline:PITTSBURGH (Wire) — ", None)]),
    "brightline-funding": (1, "Brightline Health raises $25 million for home nursing software",
        "Brightline Health, a Denver company that makes scheduling software for home nurses, said on Tuesday it had "
        "raised $25 million in a Series B round led by Harbor Capital. The company will use the money to double its "
        "sales team and expand into Texas, chief executive Omar Castillo said in an interview.",
        "Brightline's software schedules visits for 4,000 nurses at 60 agencies. Castillo said agencies lose a fifth "
        "of their staff every year to paperwork and long drives between patients.",
        [("wire", "https://wire.example/business/brightline-health-raises-25-million", None, "full", None),
         ("biz", "https://bizjournal.example/2026/03/brightline-health-series-b?ref=homepage",
          "Brightline Health raises $25M for nurse scheduling", "trim:50", None)]),
    "corvid-funding": (2, "Corvid Analytics raises $40 million to build retail forecasting tools",
        "Corvid Analytics, a Chicago company that makes demand forecasting software, said on Wednesday it had raised "
        "$40 million in a Series B round led by Northgate Partners. The company will use the money to triple its "
        "engineering staff and open an office in London, chief executive Priya Raman said in an interview.",
        "Corvid's forecasts are used by 200 supermarkets to decide how much fresh food to order. Raman said waste fell "
        "by a quarter at stores that adopted the tool last year.",
        [("tech", "https://techdaily.example/2026/03/02/corvid-analytics-series-b/", None, "full", None),
         ("letter", "https://techdaily.example/2026/03/02/corvid-analytics-series-b?utm_campaign=daily&fbclid=XYZ123",
          "Corvid Analytics lands $40M", "trim:40", None)]),
    "storm-landfall": (3, "Storm Helena makes landfall on the Gulf Coast with 120 mph winds",
        "Hurricane Helena made landfall near Port Arthur, Texas, early on Thursday as a Category 3 storm with winds of "
        "120 miles per hour, the National Hurricane Center said. More than 400,000 homes lost power and officials "
        "ordered evacuations along a 90-mile stretch of coastline.",
        "Forecasters expect up to 15 inches of rain inland over the next two days. Governor Ellen Marsh said shelters "
        "in Houston and Beaumont had room for 30,000 people.",
        [("world", "https://worlddesk.example/americas/storm-helena-landfall", None, "full", None),
         ("wire", "https://wire.example/us/hurricane-helena-makes-landfall", "Hurricane Helena hits Texas coast as Category 3",
          "dateline:PORT ARTHUR, Texas (Wire) — ", None),
         ("metro", "https://metropost.example/news/helena-landfall-texas", "Helena slams Gulf Coast, 400,000 without power",
          "trim:42", None),
         ("agg", "https://feeds.feedburner.example/~r/aggregator/~3/h3l3na/", None, "lead",
          "https://www.worlddesk.example/americas/storm-helena-landfall/")]),
    "storm-cleanup": (5, "After Storm Helena, Gulf Coast towns begin a long cleanup",
        "Residents of Port Arthur and Beaumont returned on Saturday to flooded streets and roofless houses, two days "
        "after Hurricane Helena came ashore. Crews restored power to about half of the 400,000 homes that lost it, "
        "and the Army Corps of Engineers began pumping water out of low-lying neighbourhoods.",
        "Insurers estimate damage at $8 billion. Many residents said they had no flood insurance and did not know how "
        "they would rebuild.",
        [("world", "https://worlddesk.example/americas/helena-cleanup-begins", None, "full", None),
         ("metro", "https://metropost.example/news/helena-cleanup", "Helena cleanup: residents return to flooded homes",
          "trim:48", None)]),
    "storm-insurance": (6, "Helena losses test Texas insurers already under strain",
        "Texas home insurers face claims of up to $8 billion from Hurricane Helena, analysts at Moody's estimated on "
        "Sunday, a blow to companies that had already raised premiums by a third since 2023. Two small insurers said "
        "they would ask regulators for emergency capital relief.",
        "The state's insurer of last resort has grown to 300,000 policies as private companies pulled back from the "
        "coast.",
        [("biz", "https://bizjournal.example/2026/03/helena-insurers-losses", None, "full", None)]),
    "rover-water": (2, "Mars rover finds traces of ancient lake bed minerals",
        "NASA's Perseverance rover has found clay minerals that form only in standing water at the bottom of Jezero "
        "crater, mission scientists reported in the journal Science on Wednesday. The minerals suggest a lake filled "
        "the crater for at least a million years, long enough for microbial life to have taken hold if it ever existed.",
        "The rover has sealed two samples of the clay in tubes that a later mission is meant to bring back to Earth.",
        [("sci", "https://sciencenow.example/space/perseverance-clay-minerals", None, "full", None),
         ("tech", "https://techdaily.example/2026/03/02/perseverance-lake-minerals", "Perseverance finds clay that only forms in lakes",
          "trim:44", None),
         ("blog", "https://roundup.example/links/2026-03-03", "Links: a lake on Mars", "lead", None)]),
    "rover-sample": (9, "Mars sample return mission gets new launch date",
        "NASA said on Friday that the mission to bring Perseverance's rock samples back to Earth will launch in 2031, "
        "two years later than planned, after a review found the original design too expensive. The agency will ask "
        "companies to propose cheaper landers by June.",
        "The samples include clay from an ancient lake bed that scientists consider the best place to look for "
        "signs of past life.",
        [("sci", "https://sciencenow.example/space/sample-return-2031", None, "full", None),
         ("world", "https://worlddesk.example/science/mars-sample-return-delay", "NASA delays Mars sample return to 2031",
          "trim:40", None)]),
    "chip-plant": (3, "Vireo Semiconductor to build $12 billion chip plant in Arizona",
        "Vireo Semiconductor said on Thursday it would build a $12 billion factory near Phoenix to make advanced "
        "processors, creating 3,000 jobs, after the federal government agreed to cover a fifth of the cost. "
        "Construction will begin this summer and production is expected in 2029.",
        "The plant will be Vireo's first outside Taiwan. The company said it chose Arizona for its water supply "
        "agreements and a trained workforce left by other chipmakers.",
        [("biz", "https://bizjournal.example/2026/03/vireo-arizona-plant", None, "full", None),
         ("tech", "https://techdaily.example/2026/03/03/vireo-phoenix-fab?utm_source=twitter", "Vireo picks Phoenix for $12B fab",
          "dateline:PHOENIX — ", None),
         ("wire", "https://wire.example/business/vireo-semiconductor-arizona", "Vireo to build Arizona chip plant, 3,000 jobs",
          "trim:38", None),
         ("letter", "http://bizjournal.example/2026/03/vireo-arizona-plant/?utm_medium=email&utm_campaign=am", "Morning brief: Vireo's $12B bet",
          "lead", None)]),
    "vireo-earnings": (8, "Vireo Semiconductor quarterly revenue rises 18 percent",
        "Vireo Semiconductor reported on Tuesday that revenue rose 18 percent to $4.2 billion in the fourth quarter, "
        "beating analysts' forecasts, as demand for data-centre processors offset weak sales of phone chips. Net "
        "income rose to $900 million.",
        "The company kept its forecast of 15 percent growth this year and said the Arizona plant remained on schedule.",
        [("biz", "https://bizjournal.example/2026/03/vireo-q4-results", None, "full", None),
         ("wire", "https://wire.example/business/vireo-q4-revenue", "Vireo beats forecasts as data-centre sales grow",
          "trim:40", None)]),
    "halcyon-earnings": (8, "Halcyon Motors quarterly revenue rises 18 percent",
        "Halcyon Motors reported on Tuesday that revenue rose 18 percent to $6.8 billion in the fourth quarter, "
        "beating analysts' forecasts, as demand for electric pickups offset weak sales of sedans. Net income rose to "
        "$450 million.",
        "The carmaker said it would add a third shift at its Kentucky plant to meet orders for the pickup.",
        [("biz", "https://bizjournal.example/2026/03/halcyon-q4-results", None, "full", None),
         ("wire", "https://wire.example/business/halcyon-q4-revenue", "Halcyon beats forecasts on electric pickup demand",
          "trim:40", None)]),
    "transit-fares": (4, "City council votes to make buses free for a year",
        "The Riverton city council voted 7 to 2 on Friday to scrap bus fares for a year starting in July, a pilot that "
        "will cost about $11 million and be paid for with a parking surcharge downtown. Supporters said free buses "
        "would help low-income workers and cut traffic.",
        "Opponents on the council warned that the surcharge would hurt shops in the city centre and that ridership "
        "gains in other cities had faded after a few months.",
        [("metro", "https://metropost.example/news/riverton-free-buses-vote", None, "full", None),
         ("world", "https://worlddesk.example/cities/riverton-free-bus-pilot", "Riverton tries free buses for a year",
          "trim:45", None),
         ("blog", "https://roundup.example/posts/riverton-free-buses/", "Riverton's free bus experiment",
          "dateline:From the Metro Post: ", None)]),
    "transit-strike": (11, "Riverton bus drivers threaten strike over schedules",
        "Bus drivers in Riverton voted on Monday to strike next month unless the city changes the shift schedules it "
        "introduced for the free-fare pilot, their union said. Drivers say the new timetable leaves them with split "
        "shifts of up to 13 hours.",
        "The city said it would meet the union this week and that buses would keep running during talks.",
        [("metro", "https://metropost.example/news/riverton-drivers-strike-vote", None, "full", None)]),
    "derby-match": (6, "Northfield beat Eastvale 2-1 in the derby",
        "Northfield came from behind to beat Eastvale 2-1 on Saturday, with Tomas Lindqvist scoring the winner in the "
        "88th minute after a corner. Eastvale had led through an early penalty from Ade Okafor before Northfield "
        "equalised just after half-time.",
        "The win lifts Northfield to third in the table, four points behind the leaders.",
        [("sport", "https://sportsline.example/football/northfield-eastvale-report", None, "full", None),
         ("metro", "https://metropost.example/sport/derby-northfield-win", "Late Lindqvist goal wins derby for Northfield",
          "trim:40", None),
         ("agg", "https://feeds.feedburner.example/~r/aggregator/~3/d3rby1/", None, "lead",
          "https://sportsline.example/football/northfield-eastvale-report?utm_source=feedburner")]),
    "derby-return": (13, "Eastvale beat Northfield 3-0 in the cup",
        "Eastvale beat Northfield 3-0 in the cup on Saturday, a week after losing the league derby, with Ade Okafor "
        "scoring twice in the first half. Northfield had a goal ruled out for offside when the score was 1-0.",
        "Eastvale play the winner of Westport and Hallam in the quarter-finals.",
        [("sport", "https://sportsline.example/football/eastvale-northfield-cup", None, "full", None),
         ("metro", "https://metropost.example/sport/cup-eastvale-win", "Okafor double sends Eastvale through",
          "trim:40", None)]),
    "vaccine-trial": (7, "Malaria vaccine cuts child deaths by a third in large trial",
        "A new malaria vaccine reduced deaths among children under five by a third in a trial involving 45,000 "
        "children in Ghana, Kenya and Malawi, researchers reported in The Lancet on Monday. The vaccine, given in "
        "three doses before the rainy season, costs about $3 a dose.",
        "The World Health Organization said it would review the results this year and could recommend the vaccine "
        "for wider use by 2027.",
        [("sci", "https://sciencenow.example/health/malaria-vaccine-trial", None, "full", None),
         ("world", "https://worlddesk.example/africa/malaria-vaccine-child-deaths", "Malaria vaccine trial shows deaths fall by a third",
          "dateline:NAIROBI (Wire) — ", None),
         ("wire", "https://wire.example/health/malaria-vaccine-lancet", "Vaccine cuts malaria deaths in children, Lancet study says",
          "trim:42", None),
         ("blog", "https://roundup.example/links/2026-03-08", "Good news: malaria vaccine works", "lead", None)]),
    "open-model": (4, "Lumen Labs releases open language model that runs on a laptop",
        "Lumen Labs released on Friday a language model small enough to run on a laptop without a graphics card, "
        "and published its weights under an open licence. The company says the model matches systems ten times its "
        "size on coding and reasoning tests.",
        "Researchers welcomed the release but said the benchmarks had not been checked independently.",
        [("tech", "https://techdaily.example/2026/03/04/lumen-labs-open-model", None, "full", None),
         ("blog", "https://roundup.example/posts/lumen-laptop-model", "Lumen's laptop-sized model is open", "trim:35", None),
         ("letter", "https://techdaily.example/2026/03/04/lumen-labs-open-model/?utm_source=newsletter&ref=letter",
          "Today: an open model for your laptop", "lead", None)]),
    "open-model-review": (10, "We tested Lumen Labs' laptop model. Here is what it can do",
        "We spent a week with the model Lumen Labs released last Friday, running it on a three-year-old laptop. It "
        "wrote working code for most small tasks we gave it and summarised long documents well, but it invented "
        "facts when asked about recent events.",
        "Answers took a few seconds each, and the laptop's fan ran constantly.",
        [("tech", "https://techdaily.example/2026/03/10/lumen-model-review", None, "full", None)]),
    "rate-decision": (5, "Central bank holds rates at 4.5 percent, signals cut later this year",
        "The central bank kept its main interest rate at 4.5 percent on Thursday for the fourth meeting in a row, "
        "but governor Lena Sorensen said inflation was falling fast enough to allow a cut before the end of the "
        "year. Markets rose after the announcement.",
        "Two of the nine members of the rate committee voted for an immediate cut.",
        [("biz", "https://bizjournal.example/2026/03/central-bank-holds-rates", None, "full", None),
         ("wire", "https://wire.example/markets/central-bank-holds-4-5", "Central bank holds, Sorensen hints at cut",
          "trim:45", None),
         ("world", "https://worlddesk.example/economy/rates-held-cut-signalled", "Rates on hold at 4.5% as inflation eases",
          "dateline:Analysis — ", None),
         ("letter", "https://bizjournal.example/2026/03/central-bank-holds-rates?utm_source=email&gclid=abc", "Rates: on hold, for now",
          "trim:30", None)]),
    "rate-decision-next": (40, "Central bank cuts rates to 4.25 percent, first cut in two years",
        "The central bank cut its main interest rate to 4.25 percent on Thursday, its first reduction in two years, "
        "saying inflation had returned close to its target. Governor Lena Sorensen said further cuts would depend on "
        "wage growth.",
        "The decision was unanimous.",
        [("biz", "https://bizjournal.example/2026/04/central-bank-cuts-rates", None, "full", None),
         ("wire", "https://wire.example/markets/central-bank-cuts-4-25", "Central bank cuts rates for first time in two years",
          "trim:40", None)]),
    "bridge-closure": (2, "Harbour bridge to close for six months of repairs",
        "The Harbour Bridge will close to cars for six months from May while engineers replace corroded cables, the "
        "transport department said on Wednesday. Buses, cyclists and pedestrians will still be able to cross on one "
        "lane, and a temporary ferry will run every ten minutes at rush hour.",
        "The department said inspections last autumn found corrosion in a dozen of the bridge's 80 cables.",
        [("metro", "https://metropost.example/news/harbour-bridge-closure", None, "full", None),
         ("blog", "https://roundup.example/posts/harbour-bridge-six-months?utm_content=link", "Harbour Bridge: six months without cars",
          "trim:50", None)]),
    "library-opening": (3, "New central library opens with rooftop garden",
        "Riverton's new central library opened on Thursday after four years of construction, with 400,000 books, a "
        "recording studio and a rooftop garden open to the public. About 6,000 people visited on the first day, the "
        "city said.",
        "The building cost $180 million, $30 million more than planned.",
        [("metro", "https://metropost.example/news/central-library-opens", None, "full", None)]),
    "heatwave": (12, "Europe braces for early heatwave as temperatures near 40C",
        "Spain, Portugal and southern France issued heat warnings on Tuesday as temperatures were forecast to reach "
        "40 degrees Celsius this weekend, weeks earlier than usual. Authorities in Madrid opened cooling centres and "
        "moved school exams to the morning.",
        "Meteorologists said a dome of high pressure over north Africa was pushing hot air north.",
        [("world", "https://worlddesk.example/europe/early-heatwave-40c", None, "full", None),
         ("sci", "https://sciencenow.example/climate/europe-early-heat", "Why Europe's heat is arriving weeks early",
          "dateline:MADRID (Wire) — ", None),
         ("wire", "https://wire.example/world/europe-heat-warnings", "Heat warnings across southern Europe",
          "trim:38", None)]),
    "data-breach": (9, "Retailer Nordmart says hackers stole data of 8 million customers",
        "Nordmart, the discount retailer, said on Friday that hackers had stolen names, addresses and partial card "
        "numbers of 8 million customers from a system used by its loyalty programme. The company said it discovered "
        "the breach two weeks ago and had informed the police.",
        "Customers will be offered a year of free credit monitoring.",
        [("tech", "https://techdaily.example/2026/03/09/nordmart-breach", None, "full", None),
         ("biz", "https://bizjournal.example/2026/03/nordmart-data-breach", "Nordmart breach hits 8 million loyalty members",
          "trim:44", None),
         ("agg", "https://feeds.feedburner.example/~r/aggregator/~3/n0rdm4/", "Hackers steal Nordmart customer data",
          "lead", "http://techdaily.example/2026/03/09/nordmart-breach/")]),
    "data-breach-other": (10, "Retailer Castlemark says hackers stole data of 2 million customers",
        "Castlemark, the home goods retailer, said on Saturday that hackers had stolen email addresses and order "
        "histories of 2 million customers from an outside marketing contractor. The company said no payment details "
        "were taken.",
        "Castlemark said it had ended its contract with the marketing firm.",
        [("tech", "https://techdaily.example/2026/03/10/castlemark-breach", None, "full", None),
         ("biz", "https://bizjournal.example/2026/03/castlemark-data-breach", "Castlemark breach exposes 2 million emails",
          "trim:40", None)]),
    "telescope": (14, "Telescope spots most distant galaxy yet",
        "Astronomers using the Webb telescope have confirmed a galaxy whose light left it 13.5 billion years ago, "
        "about 300 million years after the Big Bang, the most distant yet measured. The galaxy is unusually bright, "
        "which suggests stars formed faster in the early universe than models predict.",
        "The team measured its distance from the spectrum of its light over 60 hours of observations.",
        [("sci", "https://sciencenow.example/space/most-distant-galaxy", None, "full", None),
         ("tech", "https://techdaily.example/2026/03/14/webb-distant-galaxy", "Webb confirms a galaxy from 300 million years after the Big Bang",
          "trim:40", None),
         ("world", "https://www.sciencenow.example/space/most-distant-galaxy/?utm_source=partner", "Most distant galaxy found",
          "lead", None)]),
    "podcast": (6, "Episode 112: listener questions",
        "In this episode we answer your questions about home networking, password managers and whether you need "
        "antivirus software in 2026. Thanks to everyone who wrote in, and keep sending questions to the usual address.",
        "", [("blog", "https://roundup.example/podcast/112", None, "full", None)]),
    "election-result": (15, "Mayor Alvarez wins second term in Riverton",
        "Mayor Carmen Alvarez won a second term in Riverton on Tuesday with 58 percent of the vote, defeating council "
        "member Greg Holt, who had campaigned against the free bus pilot. Turnout was 41 percent, the highest in a "
        "mayoral race since 2008.",
        "Alvarez said she would ask the council to make the free buses permanent.",
        [("metro", "https://metropost.example/news/alvarez-wins-second-term", None, "full", None),
         ("world", "https://worlddesk.example/cities/riverton-mayor-reelected", "Riverton re-elects Alvarez",
          "trim:42", None),
         ("wire", "https://wire.example/us/riverton-mayor-election", "Alvarez re-elected mayor of Riverton with 58%",
          "dateline:RIVERTON (Wire) — ", None)]),
}

def words_trim(text, n):
    words = text.split()
    return " ".join(words[:n]) + "…" if len(words) > n else text

def body(lead, second, mode):
    if mode == "full":
        return "<p>%s</p>" % lead + ("<p>%s</p>" % second if second else "")
    if mode == "lead":
        return "<p>%s</p>" % lead
    if mode.startswith("trim:"):
        return "<p>%s</p>" % words_trim(lead + " " + second, int(mode[5:]))
    if mode.startswith("dateline:"):
        return "<p>%s%s</p><p>%s</p>" % (mode[9:], lead, second)
    raise ValueError(mode)

feeds = {key: [] for key in FEEDS}
for label, (day, title, lead, second, copies) in ARTICLES.items():
    for index, (feed, url, headline, mode, orig) in enumerate(copies):
        item = {
            "story": label,
            "id": "%s:%s:%d" % (feed, label, index),
            "url": url,
            "title": headline or title,
            "content_html": body(lead, second, mode),
            # Copies appear within hours of the original.
            "date_published": "2026-03-%02dT%02d:00:00Z" % (day, 8 + 2 * index) if day <= 31
            else "2026-04-%02dT%02d:00:00Z" % (day - 31, 8 + 2 * index),
        }
        if orig:
            item["orig_link"] = orig
        feeds[feed].append(item)
print(json.dumps([{"feed_url": FEEDS[key], "items": items} for key, items in feeds.items()], indent=1,
                 ensure_ascii=False))
