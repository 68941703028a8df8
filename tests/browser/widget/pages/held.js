// Served late by tests/browser/widget_pages.test.mjs; empty on purpose.
