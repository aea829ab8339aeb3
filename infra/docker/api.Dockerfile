FROM python:3.11-slim
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
