"""Ingestion safety: archives expanded within limits, names made safe for display and storage."""
