FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DINGHUO_HOST=0.0.0.0
WORKDIR /srv/dinghuo

COPY pyproject.toml README.md ./
COPY app ./app
COPY schema ./schema
COPY migrations ./migrations
RUN pip install --no-cache-dir -e . && useradd --system --home /srv/dinghuo dinghuo && mkdir var && chown dinghuo var

USER dinghuo
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "dinghuo migrate && dinghuo serve"]
