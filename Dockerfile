# The project image: the ETL, its CLI and its Prefect flow.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md alembic.ini prefect.yaml ./
COPY etl ./etl
COPY flows ./flows
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . \
    && useradd --system --create-home etl
USER etl
ENTRYPOINT ["news-etl"]
HEALTHCHECK NONE
CMD ["run", "/input"]
