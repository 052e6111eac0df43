"""The rules of Resolution 96/2023/QH15: pure, typed, free of web and database code."""
