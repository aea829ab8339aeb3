"""The grassroots chair's phone client (Chủ tịch CĐCS): compact overview, dated facts, sync estimate."""
