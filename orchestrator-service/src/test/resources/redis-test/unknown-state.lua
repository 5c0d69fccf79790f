return '{{JobState.RUNING}}'
