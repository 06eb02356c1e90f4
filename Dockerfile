# The hub's image: the same package for the API, the projection workers and the relay.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 ruta
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY queries ./queries
COPY projections ./projections
COPY merkle ./merkle
COPY adapters ./adapters
COPY api ./api
COPY web ./web
COPY cli ./cli
COPY demo ./demo
# The catalogues are read as .po at run time: nothing to compile.
COPY texts ./texts
RUN pip install --no-cache-dir .
USER ruta
ENTRYPOINT ["ruta"]
EXPOSE 8000
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
