"""Random draws (tirage au sort): pools, LEXIMIN lotteries, verifiable draws, seats."""
