-- a comment may say 'RUNNING'
return 'RUNNING'
