# The image of README "Production" (Deployment): one image for every role of the topology.
#   web (the default command)   gunicorn on :8000, behind the load balancer / TLS proxy
#   task workers                python manage.py db_worker
#   each release                python manage.py migrate --noinput
#   the scheduler               python manage.py enqueue open-data|alerts …, mark_held_meetings …
# Settings come from the environment (.env.example; README "Configuration"): DEBUG=0,
# SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, STORAGE_S3_* … Nothing is kept inside the container.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries and fonts with wide coverage (the packages .ci/run installs).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The dependencies first, so that a change to the code alone reuses this layer.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files are part of the image (WhiteNoise serves them from STATIC_ROOT), collected as
# `make deploy` does; the deployment checks run here too, with a throwaway key, as in CI.
ENV STATIC_ROOT=/app/staticfiles
RUN export DEBUG=0 SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && python manage.py check --deploy --fail-level WARNING \
    && python manage.py collectstatic --noinput --verbosity 0

# A user without privileges, who can write nothing in /app; HOME and TMPDIR for gunicorn's
# control socket and temporary files. Local files (without STORAGE_S3_BUCKET) go to a volume.
RUN useradd --system --uid 10001 --user-group --home-dir /home/scrutiny --create-home scrutiny \
    && mkdir -p /var/lib/scrutiny/media \
    && chown scrutiny:scrutiny /var/lib/scrutiny/media
ENV MEDIA_ROOT=/var/lib/scrutiny/media \
    DEBUG=0 \
    WEB_CONCURRENCY=2
USER scrutiny

EXPOSE 8000
# gunicorn as `make serve` runs it; WEB_CONCURRENCY sets the number of workers.
CMD ["gunicorn", "scrutiny.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "120", \
     "--access-logfile", "-", "--error-logfile", "-"]
