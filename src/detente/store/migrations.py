"""Schema migrations. Version N is reached by running ``MIGRATIONS[N - 1]``; never edit a released step."""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

MIGRATIONS: list[str] = [
    # 1: documents and ingest bookkeeping
    """
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        origin TEXT,
        line INTEGER,
        format TEXT,
        title TEXT,
        url TEXT,
        source TEXT,
        published DATE,
        published_from TEXT,
        raw_text TEXT,
        clean_text TEXT,
        content_hash TEXT,
        language TEXT,
        status TEXT NOT NULL,
        removals JSON,
        metadata JSON,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE INDEX documents_hash ON documents (content_hash);
    CREATE TABLE ingest_runs (
        run_id TEXT PRIMARY KEY,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        paths JSON,
        summary JSON
    );
    CREATE TABLE ingest_failures (
        run_id TEXT,
        path TEXT,
        line INTEGER,
        reason TEXT
    );
    """,
    # 2: actors, events and their mentions
    """
    CREATE TABLE mentions (
        mention_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        sentence INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        text TEXT,
        name TEXT,
        code TEXT,
        sector TEXT,
        method TEXT,
        confidence DOUBLE
    );
    CREATE INDEX mentions_doc ON mentions (doc_id);
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        mode TEXT,
        source JSON,
        target JSON,
        source_codes TEXT[],
        target_codes TEXT[],
        date TEXT,
        date_precision TEXT,
        status TEXT,
        location TEXT,
        context TEXT[],
        evidence TEXT,
        sentence INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        attribution JSON,
        confidence DOUBLE,
        cameo TEXT,
        plover_score DOUBLE,
        quad_class INTEGER,
        mentions JSON,
        record JSON
    );
    CREATE INDEX events_doc ON events (doc_id);
    CREATE TABLE known_roles (
        name TEXT,
        code TEXT,
        sector TEXT,
        role TEXT,
        first_seen DATE,
        last_seen DATE,
        doc_id TEXT,
        evidence TEXT,
        corrected BOOLEAN DEFAULT false,
        PRIMARY KEY (name, code, sector, role)
    );
    """,
    # 3: quotes and numeric claims
    """
    CREATE TABLE quotes (
        quote_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        sentence INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        text TEXT,
        kind TEXT,
        speaker JSON,
        speaker_code TEXT,
        verb TEXT,
        addressee TEXT,
        event_ids TEXT[],
        date TEXT
    );
    CREATE TABLE claims (
        claim_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        sentence INTEGER,
        start_char INTEGER,
        end_char INTEGER,
        text TEXT,
        value DOUBLE,
        qualifier TEXT,
        unit TEXT,
        thing TEXT,
        claimant JSON,
        claimant_code TEXT,
        quote_id TEXT,
        date TEXT
    );
    """,
    # 4: cross-document event clusters (detente.pipeline.cluster) and their member events
    """
    CREATE TABLE clusters (
        cluster_id TEXT PRIMARY KEY,
        group_key TEXT NOT NULL,
        event_type TEXT NOT NULL,
        mode TEXT,
        status TEXT,
        source JSON,
        target JSON,
        source_codes TEXT[],
        target_codes TEXT[],
        date TEXT,
        date_precision TEXT,
        evidence TEXT,
        event_id TEXT,
        doc_id TEXT,
        confidence DOUBLE,
        cameo TEXT,
        plover_score DOUBLE,
        quad_class INTEGER,
        num_mentions INTEGER,
        num_articles INTEGER,
        num_sources INTEGER,
        first_doc_id TEXT,
        first_published TEXT,
        first_url TEXT,
        record JSON
    );
    CREATE INDEX clusters_group ON clusters (group_key);
    CREATE TABLE cluster_members (
        cluster_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        group_key TEXT NOT NULL,
        published TEXT,
        publisher TEXT,
        PRIMARY KEY (cluster_id, event_id)
    );
    CREATE INDEX cluster_members_group ON cluster_members (group_key);
    CREATE INDEX cluster_members_event ON cluster_members (event_id);
    """,
    # 5: the encoding each document was read with, and what decoding and cleaning had to do to its text
    # (detente.core.records.WarningRecord); documents stored before have NULL encoding and no warnings
    """
    ALTER TABLE documents ADD COLUMN encoding TEXT;
    ALTER TABLE documents ADD COLUMN warnings JSON;
    """,
    # 6: whether a document's events were extracted (an ingest with --no-events stores none, and a later ingest
    # with events extracts them); a document stored before counts as extracted when it has any analysis rows
    """
    ALTER TABLE documents ADD COLUMN events_extracted BOOLEAN DEFAULT false;
    UPDATE documents SET events_extracted = (
        doc_id IN (SELECT doc_id FROM mentions) OR doc_id IN (SELECT doc_id FROM events)
        OR doc_id IN (SELECT doc_id FROM quotes) OR doc_id IN (SELECT doc_id FROM claims));
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
