"""What every stage shares: problems, periods, frames as rows, atomic writes, worker processes."""
