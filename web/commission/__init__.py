"""The commission's pages: findings board, observations, statistics, and their downloads."""
