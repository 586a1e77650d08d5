-- Example analyst queries over the analytics schema (what a BI user or analyst can read).
-- Each query starts with a "-- name:" line; tests/test_analytics.py runs every one of them
-- against the seeds database as the read-only role.

-- name: who_said_what_about_whom
-- Statements by a named speaker, with the other people named in the same article.
SELECT q.speaker, q.text, q.cue, q.article_title,
       (SELECT string_agg(DISTINCT l.name, ', ') FROM analytics.entity_cooccurrence c
          JOIN analytics.entity_leaderboard l ON l.entity_id IN (c.entity_a_id, c.entity_b_id)
         WHERE q.speaker_entity_id IN (c.entity_a_id, c.entity_b_id) AND l.entity_id <> q.speaker_entity_id
           AND l.type = 'PERSON') AS people_around
  FROM analytics.quotes q
 WHERE q.kind = 'statement' AND q.speaker_entity_id IS NOT NULL
 ORDER BY q.speaker, q.published_on NULLS LAST;

-- name: french_full_text_search
-- Articles about a summit in Alaska, best matches first, with a highlighted extract.
SELECT t.article_id, t.title, ts_rank(t.fts, query) AS rank,
       ts_headline('french', t.body, query, 'MaxFragments=1, MaxWords=25') AS extract
  FROM analytics.article_text t, websearch_to_tsquery('french', 'sommet Alaska') AS query
 WHERE t.language = 'fr' AND t.fts @@ query
 ORDER BY rank DESC;

-- name: most_mentioned_people
SELECT name, mentions, articles FROM analytics.entity_leaderboard
 WHERE type = 'PERSON' ORDER BY mentions DESC, name LIMIT 10;

-- name: entities_trending_by_day
-- Mentions per entity and publication day (articles without a date are left out).
SELECT a.published_on, l.name, count(*) AS articles
  FROM analytics.article_overview a
  JOIN analytics.entity_cooccurrence c ON TRUE
  JOIN analytics.entity_leaderboard l ON l.entity_id = c.entity_a_id
 WHERE a.published_on IS NOT NULL
 GROUP BY a.published_on, l.name ORDER BY a.published_on, articles DESC;

-- name: events_by_place
SELECT coalesce(place, '(unknown)') AS place, count(*) AS events, sum(articles) AS articles,
       string_agg(DISTINCT event_type, ', ') AS types
  FROM analytics.event_timeline GROUP BY coalesce(place, '(unknown)') ORDER BY events DESC, place;

-- name: event_timeline
SELECT event_date, event_type, title, status, place, participants, articles
  FROM analytics.event_timeline ORDER BY event_date NULLS LAST, event_id;

-- name: most_covered_events
SELECT title, event_date, articles FROM analytics.event_timeline ORDER BY articles DESC, event_id LIMIT 5;

-- name: pairs_of_entities_mentioned_together
SELECT entity_a, entity_b, articles FROM analytics.entity_cooccurrence
 WHERE entity_a_type = 'PERSON' AND entity_b_type = 'PERSON' ORDER BY articles DESC, entity_a, entity_b LIMIT 20;

-- name: top_speakers
SELECT speaker, speaker_type, quotes, articles FROM analytics.quotes_by_speaker
 ORDER BY quotes DESC, speaker LIMIT 10;

-- name: scare_quotes
-- Terms put in quotation marks with no source: how the press frames the story.
SELECT text, article_title FROM analytics.quotes WHERE kind = 'scare' ORDER BY article_title, text;

-- name: articles_per_publisher
SELECT publisher, language, sum(articles) AS articles, min(published_on) AS first_day, max(published_on) AS last_day
  FROM analytics.articles_per_day GROUP BY publisher, language ORDER BY articles DESC, publisher;

-- name: articles_with_most_entities
SELECT title, publisher, published_on, words, entities, quotes, events
  FROM analytics.article_overview ORDER BY entities DESC, article_id LIMIT 10;

-- name: what_a_person_said_over_time
SELECT published_on, text, cue FROM analytics.quotes
 WHERE speaker = 'Vladimir Poutine' AND kind = 'statement' ORDER BY published_on NULLS LAST, quote_id;
