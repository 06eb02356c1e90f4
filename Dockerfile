# The hub's image: the same package for the API, the projection workers and the relay.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 ruta
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY adapters ./adapters
COPY api ./api
RUN pip install --no-cache-dir .
USER ruta
ENTRYPOINT ["ruta"]
EXPOSE 8000
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
