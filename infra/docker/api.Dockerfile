FROM python:3.11-slim
# pg_dump/pg_restore for `python -m app.cli backup|restore`
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app/backend
COPY backend/pyproject.toml ./
COPY backend/app ./app
COPY backend/migrations ./migrations
COPY backend/alembic.ini ./
RUN pip install --no-cache-dir .
RUN useradd --system cadre && chown -R cadre /app
USER cadre
EXPOSE 8000
CMD ["python", "-m", "app.cli", "serve"]
