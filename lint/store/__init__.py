"""What is kept between runs: the result cache, the archive index, baselines."""
